import type { Arm, InvitationRule, InviteHistory, RuleTrigger, VisitContext } from "./model.ts";

/**
 * The rule engine, pure: which rules apply to a page view, and whether one may fire now. Within
 * a rule every condition must hold (an empty list is no condition); within a list any item may.
 * Rules are ordered: for each trigger the first rule that applies is the one armed, so an admin
 * puts the specific rules first.
 */

const cache = new Map<string, RegExp>();
/** `*` matches any run of characters (also `/` and `?`); everything else is literal; case-insensitive. */
export function wildcard(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    re = new RegExp(`^${body}$`, "i");
    if (cache.size > 2000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** A pattern starting with "/" is matched against the path (with or without the query); any other against the full URL. */
export function urlMatches(patterns: string[], url: string): boolean {
  if (!patterns.length) return true;
  let u: URL | null = null;
  try {
    u = new URL(url);
  } catch {
    u = null;
  }
  const full = u ? u.href.replace(/#.*$/, "") : url;
  const paths = u ? [u.pathname, u.pathname + u.search] : [];
  return patterns.some((p) => {
    const re = wildcard(p);
    return p.startsWith("/") ? paths.some((x) => re.test(x)) : re.test(full) || re.test(url);
  });
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * A region is a country, province or city name as the visitor list shows it. Suffixes are
 * ignored on both sides, because stored names carry them or not: "北京" matches "北京市",
 * "广东" matches "广东省", and "浙江省" matches "浙江".
 */
const place = (s: string) => norm(s).replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$/, "");
export function regionMatches(regions: string[], ctx: Pick<VisitContext, "country" | "province" | "city">): boolean {
  if (!regions.length) return true;
  const places = [ctx.country, ctx.province, ctx.city].map(place).filter(Boolean);
  return regions.some((r) => {
    const want = place(r);
    return !!want && places.includes(want);
  });
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** A source is a search engine's name (any part of "百度 Baidu") or a referrer domain (and its subdomains). */
export function sourceMatches(sources: string[], ctx: Pick<VisitContext, "referrer" | "searchEngine">): boolean {
  if (!sources.length) return true;
  const engine = norm(ctx.searchEngine);
  const host = hostOf(ctx.referrer);
  return sources.some((s) => {
    const want = norm(s);
    if (!want) return false;
    if (engine && engine.includes(want)) return true;
    return !!host && (host === want || host.endsWith(`.${want}`));
  });
}

/** The visit's search words contain one of the keywords. */
export function keywordMatches(keywords: string[], ctx: Pick<VisitContext, "searchKeyword">): boolean {
  if (!keywords.length) return true;
  const words = norm(ctx.searchKeyword);
  return !!words && keywords.some((k) => !!norm(k) && words.includes(norm(k)));
}

/** Every condition the server can check about the page view itself. */
export function conditionsMatch(rule: InvitationRule, ctx: VisitContext): boolean {
  return (
    rule.enabled &&
    urlMatches(rule.urlPatterns, ctx.url) &&
    (rule.minPageViews <= 1 || ctx.pageCount >= rule.minPageViews) &&
    regionMatches(rule.regions, ctx) &&
    sourceMatches(rule.sources, ctx) &&
    keywordMatches(rule.keywords, ctx)
  );
}

export type Verdict = { ok: true } | { ok: false; reason: "no_agent" | "cap" | "busy" | "conditions" } | { ok: false; reason: "interval"; until: number };

/**
 * Whether this rule may invite now. `busy`: the visitor chats or has an invitation on screen;
 * `interval`: another invitation was shown less than the rule's interval ago (`until` says when
 * it may); `cap`: the rule reached its times per visit.
 */
export function verdict(rule: InvitationRule, ctx: VisitContext, history: InviteHistory & { chatting: boolean }, now: number, agentAvailable: (rule: InvitationRule) => boolean): Verdict {
  if (!conditionsMatch(rule, ctx)) return { ok: false, reason: "conditions" };
  if (history.chatting || history.onScreen) return { ok: false, reason: "busy" };
  if (rule.maxPerVisit > 0 && (history.perRule.get(rule.id) ?? 0) >= rule.maxPerVisit) return { ok: false, reason: "cap" };
  if (rule.requireAgent && !agentAvailable(rule)) return { ok: false, reason: "no_agent" };
  if (rule.intervalSeconds > 0 && history.lastAt !== null && now - history.lastAt < rule.intervalSeconds * 1000) {
    return { ok: false, reason: "interval", until: history.lastAt + rule.intervalSeconds * 1000 };
  }
  return { ok: true };
}

/**
 * The triggers to arm for a page view: per trigger, the first rule (by position) that may invite.
 * A rule held back only by the interval is armed anyway, its delay stretched to the interval's
 * end, so it fires as soon as it may. `elapsedMs` is the time already spent on the page.
 */
export function plan(rules: InvitationRule[], ctx: VisitContext, history: InviteHistory & { chatting: boolean }, now: number, elapsedMs: number, agentAvailable: (rule: InvitationRule) => boolean): Arm[] {
  const arms: Arm[] = [];
  const done = new Set<RuleTrigger>();
  for (const rule of [...rules].sort((a, b) => a.position - b.position || a.id - b.id)) {
    if (done.has(rule.trigger)) continue;
    const v = verdict(rule, ctx, history, now, agentAvailable);
    if (!v.ok && v.reason === "busy") return [];
    if (!v.ok && v.reason !== "interval") continue;
    let waitMs = rule.trigger === "delay" ? Math.max(0, rule.delaySeconds * 1000 - elapsedMs) : 0;
    if (!v.ok && v.reason === "interval" && rule.trigger === "delay") waitMs = Math.max(waitMs, v.until - now);
    arms.push({ ruleId: rule.id, trigger: rule.trigger, delaySeconds: Math.ceil(waitMs / 1000) });
    done.add(rule.trigger);
  }
  return arms;
}

/** The text for the visitor's language: the rule's own, or "" (the widget shows its catalogue's default). */
export function textFor(rule: Pick<InvitationRule, "texts">, lang: string): string {
  return (rule.texts as Record<string, string | undefined>)[lang] ?? "";
}

/**
 * The widget's language choice (widget/src/lang.ts) for the visit's browser language, limited to
 * the languages the site offers (`only`), falling back to the site's default, then English.
 */
export function langOf(tag: string | null | undefined, siteDefault: string, only?: readonly string[] | null): "zh-CN" | "zh-TW" | "en" | "ja" | "ko" {
  const match = (raw: string | null | undefined) => {
    const t = String(raw || "").toLowerCase().replace(/_/g, "-");
    if (/^zh(-|$)/.test(t)) return /-hant|-(tw|hk|mo)\b/.test(t) && !/-hans/.test(t) ? "zh-TW" : "zh-CN";
    const base = t.split("-")[0];
    return base === "en" || base === "ja" || base === "ko" ? base : null;
  };
  const own = match(tag);
  return (own && (!only || only.includes(own)) ? own : null) ?? match(siteDefault) ?? "en";
}

/** Where a rule's chat goes: the rule's group, else the site's own binding (V24). */
export function routeFor(rule: Pick<InvitationRule, "groupId"> | null, site: { route_group_id: number | null; route_agent_id: number | null } | null) {
  if (rule?.groupId != null) return { groupId: rule.groupId, requestedAgentId: null };
  return { groupId: site?.route_group_id ?? null, requestedAgentId: site?.route_agent_id ?? null };
}
