import { hostOf } from "./match.ts";
import { LIMITS, RULE_KINDS, RULE_LANGS, RULE_STYLES, RULE_TRIGGERS, type InvitationRule, type RuleFields, type RuleKind, type RuleStyle, type RuleTrigger } from "./model.ts";

/**
 * The rule form (src/admin/invitation-rules-pages.ts) posted as strings → a rule's fields, with
 * every field checked at once so the page can show each error beside its field. Checkboxes post
 * "1" or nothing; lists are one item per line (regions, sources, keywords may also use commas).
 */
export type RuleForm = Record<string, string>;

/** A language's text field, named like the settings core's (text_zhCN, text_en). */
export const textFieldOf = (lang: string) => `text_${lang.replace("-", "")}`;

const str = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");

function lines(raw: string, commas: boolean): string[] {
  const parts = raw.split(commas ? /[\r\n,，、;；]+/ : /[\r\n]+/).map((x) => x.trim()).filter(Boolean);
  return [...new Set(parts)];
}

export function validateRule(body: Record<string, unknown>, groupExists: (id: number) => boolean): { fields: RuleFields | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const bad = (field: string, message: string) => void (errors[field] ??= message);

  const name = str(body, "name").trim().replace(/\s+/g, " ");
  if (!name) bad("name", "请填写规则名称 / enter a name for the rule");
  else if (name.length > LIMITS.name) bad("name", `名称最多 ${LIMITS.name} 字 / at most ${LIMITS.name} characters`);

  const pick = <T extends string>(field: string, allowed: T[], message: string): T => {
    const v = str(body, field) as T;
    if (!allowed.includes(v)) bad(field, message);
    return v;
  };
  const kind = pick<RuleKind>("kind", RULE_KINDS, "请选择邀请方式 / choose invitation or proactive chat");
  const trigger = pick<RuleTrigger>("trigger", RULE_TRIGGERS, "请选择触发方式 / choose when the rule fires");
  const style = pick<RuleStyle>("style", RULE_STYLES, "请选择样式 / choose a style");

  const int = (field: string, min: number, max: number, message: string, empty = min) => {
    const raw = str(body, field).trim();
    if (!raw) return empty;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      bad(field, message);
      return min;
    }
    return Number(raw);
  };
  const delaySeconds = int("delay_seconds", 0, LIMITS.delay, `停留时间须为 0–${LIMITS.delay} 秒的整数 / a whole number of seconds, 0–${LIMITS.delay}`);
  const minPageViews = int("min_page_views", 0, LIMITS.pageViews, `页数须为 0–${LIMITS.pageViews} 的整数 / a whole number, 0–${LIMITS.pageViews}`);
  const maxPerVisit = int("max_per_visit", 0, LIMITS.perVisit, `次数须为 0–${LIMITS.perVisit} 的整数（0 为不限）/ a whole number, 0–${LIMITS.perVisit} (0 = no limit)`);
  const intervalSeconds = int("interval_seconds", 0, LIMITS.interval, `间隔须为 0–${LIMITS.interval} 秒的整数 / a whole number of seconds, 0–${LIMITS.interval}`);

  const list = (field: string, commas: boolean, max: number, check: (item: string) => string | null): string[] => {
    const items = lines(str(body, field), commas);
    if (items.length > LIMITS.listItems) bad(field, `最多 ${LIMITS.listItems} 项 / at most ${LIMITS.listItems} items`);
    for (const item of items) {
      if (item.length > max) bad(field, `每项最多 ${max} 个字符 / each item has at most ${max} characters`);
      const problem = check(item);
      if (problem) bad(field, problem);
    }
    return items;
  };
  const urlPatterns = list("url_patterns", false, LIMITS.pattern, (p) =>
    /\s/.test(p) || !/^(\/|\*|https?:\/\/)/i.test(p) ? `“${p.slice(0, 40)}”：网址规则须以 /、* 或 http(s):// 开头且不含空格 / a pattern starts with /, * or http(s):// and has no spaces` : null,
  );
  const regions = list("regions", true, LIMITS.region, () => null);
  // A pasted address counts as its domain.
  const sources = list("sources", true, LIMITS.source, () => null).map((s) => (/^https?:\/\//i.test(s) ? hostOf(s) || s : s.toLowerCase().replace(/^www\./, "")));
  const keywords = list("keywords", true, LIMITS.keyword, () => null);

  let groupId: number | null = null;
  const g = str(body, "group_id").trim();
  if (g) {
    if (!/^\d{1,12}$/.test(g) || !groupExists(Number(g))) bad("group_id", "所选分组不存在 / the chosen group does not exist");
    else groupId = Number(g);
  }

  const texts: InvitationRule["texts"] = {};
  for (const lang of RULE_LANGS) {
    const name = textFieldOf(lang);
    const t = str(body, name).replace(/\r\n?/g, "\n").trim();
    if (t.length > LIMITS.text) bad(name, `邀请语最多 ${LIMITS.text} 字 / at most ${LIMITS.text} characters`);
    else if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(t)) bad(name, "邀请语含有不允许的字符 / the text contains characters that are not allowed");
    else if (t) texts[lang] = t;
  }

  if (Object.keys(errors).length) return { fields: null, errors };
  return {
    fields: {
      name, enabled: str(body, "enabled") === "1", kind, trigger, delaySeconds, urlPatterns, minPageViews, regions, sources, keywords,
      maxPerVisit, intervalSeconds, requireAgent: str(body, "require_agent") === "1", groupId, style, texts,
    },
    errors,
  };
}

/** A rule (or the defaults of a new one) as the form's field strings. */
export function ruleForm(rule: RuleFields | null): RuleForm {
  const r: RuleFields = rule ?? {
    name: "", enabled: true, kind: "invite", trigger: "delay", delaySeconds: 15, urlPatterns: [], minPageViews: 0, regions: [], sources: [], keywords: [],
    maxPerVisit: 1, intervalSeconds: 60, requireAgent: true, groupId: null, style: "popup", texts: {},
  };
  const form: RuleForm = {
    name: r.name, enabled: r.enabled ? "1" : "", kind: r.kind, trigger: r.trigger, delay_seconds: String(r.delaySeconds),
    url_patterns: r.urlPatterns.join("\n"), min_page_views: String(r.minPageViews), regions: r.regions.join("\n"), sources: r.sources.join("\n"),
    keywords: r.keywords.join("\n"), max_per_visit: String(r.maxPerVisit), interval_seconds: String(r.intervalSeconds),
    require_agent: r.requireAgent ? "1" : "", group_id: r.groupId === null ? "" : String(r.groupId), style: r.style,
  };
  for (const lang of RULE_LANGS) form[textFieldOf(lang)] = r.texts[lang] ?? "";
  return form;
}

/** Only the form's own fields, as strings (what a failed post redraws). */
export function formOf(body: Record<string, unknown>): RuleForm {
  const out: RuleForm = {};
  for (const k of Object.keys(ruleForm(null))) out[k] = str(body, k).slice(0, 20_000);
  return out;
}
