import { describe, expect, it } from "bun:test";
import { conditionsMatch, keywordMatches, langOf, plan, regionMatches, routeFor, sourceMatches, textFor, urlMatches, verdict, wildcard } from "./match.ts";
import type { InvitationRule, InviteHistory, VisitContext } from "./model.ts";

/** The rule engine (src/invitations/match.ts): each condition type, the caps, the interval and the ordering. */
let nextId = 1;
const rule = (o: Partial<InvitationRule> = {}): InvitationRule => ({
  id: nextId++, siteId: 1, position: nextId, enabled: true, name: "r", kind: "invite", trigger: "delay", delaySeconds: 10, urlPatterns: [], minPageViews: 0,
  regions: [], sources: [], keywords: [], maxPerVisit: 1, intervalSeconds: 60, requireAgent: true, groupId: null, style: "popup", texts: {}, createdAt: 0, updatedAt: 0, ...o,
});
const ctx = (o: Partial<VisitContext> = {}): VisitContext => ({
  url: "https://shop.example.cn/products/shoes?size=42", pageCount: 1, country: "中国", province: "浙江", city: "杭州市",
  referrer: "", searchEngine: "", searchKeyword: "", ...o,
});
const fresh = (o: Partial<InviteHistory & { chatting: boolean }> = {}) => ({ perRule: new Map<number, number>(), lastAt: null, onScreen: false, chatting: false, ...o });
const NOW = 1_700_000_000_000;
const yes = () => true;
const no = () => false;

describe("URL patterns", () => {
  it("match with * on the path (with or without the query) or on the full URL, case-insensitively", () => {
    expect(wildcard("/products/*").test("/products/shoes")).toBe(true);
    expect(wildcard("/a.b").test("/aXb")).toBe(false); // only * is special
    const url = "https://shop.example.cn/products/shoes?size=42#top";
    expect(urlMatches([], url)).toBe(true);
    expect(urlMatches(["/products/*"], url)).toBe(true);
    expect(urlMatches(["/products/shoes"], url)).toBe(true);
    expect(urlMatches(["/products/shoes?size=42"], url)).toBe(true);
    expect(urlMatches(["/Products/*"], url)).toBe(true);
    expect(urlMatches(["/checkout*"], url)).toBe(false);
    expect(urlMatches(["/products"], url)).toBe(false); // the whole path must match
    expect(urlMatches(["https://shop.example.cn/*"], url)).toBe(true);
    expect(urlMatches(["*://shop.example.cn/products/*"], url)).toBe(true);
    expect(urlMatches(["https://other.example/*"], url)).toBe(false);
    expect(urlMatches(["*size=42"], url)).toBe(true);
    expect(urlMatches(["/cart", "/products/*"], url)).toBe(true); // any of the list
  });
});

describe("conditions", () => {
  it("Nth page view: from the Nth page of the visit on", () => {
    const r = rule({ minPageViews: 3 });
    expect(conditionsMatch(r, ctx({ pageCount: 2 }))).toBe(false);
    expect(conditionsMatch(r, ctx({ pageCount: 3 }))).toBe(true);
    expect(conditionsMatch(r, ctx({ pageCount: 7 }))).toBe(true);
    expect(conditionsMatch(rule({ minPageViews: 0 }), ctx({ pageCount: 1 }))).toBe(true);
  });

  it("region: country, province or city as stored, with or without 省/市", () => {
    const c = ctx();
    expect(regionMatches([], c)).toBe(true);
    expect(regionMatches(["浙江"], c)).toBe(true);
    expect(regionMatches(["杭州"], c)).toBe(true);
    expect(regionMatches(["杭州市"], c)).toBe(true);
    expect(regionMatches(["中国"], c)).toBe(true);
    expect(regionMatches(["北京", "上海"], c)).toBe(false);
    expect(regionMatches(["浙江省"], c)).toBe(true); // stored as 浙江
    expect(regionMatches(["杭"], c)).toBe(false); // whole names only
    expect(regionMatches(["广东"], ctx({ province: "广东省", city: "深圳市" }))).toBe(true);
    expect(regionMatches(["广西壮族自治区"], ctx({ province: "广西", city: "南宁市" }))).toBe(true);
    expect(regionMatches(["Japan"], ctx({ country: "japan", province: "", city: "" }))).toBe(true);
    expect(regionMatches(["浙江"], ctx({ country: "", province: "", city: "" }))).toBe(false);
  });

  it("source: a search engine's name, or a referrer domain and its subdomains", () => {
    const baidu = ctx({ referrer: "https://www.baidu.com/s?wd=shoes", searchEngine: "百度 Baidu", searchKeyword: "shoes" });
    expect(sourceMatches([], baidu)).toBe(true);
    expect(sourceMatches(["百度"], baidu)).toBe(true);
    expect(sourceMatches(["baidu"], baidu)).toBe(true);
    expect(sourceMatches(["baidu.com"], baidu)).toBe(true);
    expect(sourceMatches(["bing"], baidu)).toBe(false);
    const partner = ctx({ referrer: "https://news.partner.example/article/1" });
    expect(sourceMatches(["partner.example"], partner)).toBe(true);
    expect(sourceMatches(["news.partner.example"], partner)).toBe(true);
    expect(sourceMatches(["artner.example"], partner)).toBe(false);
    expect(sourceMatches(["partner.example"], ctx())).toBe(false); // direct visit
  });

  it("keyword: the visit's search words contain one of them", () => {
    const c = ctx({ searchEngine: "百度 Baidu", searchKeyword: "贷款 利率 2024" });
    expect(keywordMatches([], c)).toBe(true);
    expect(keywordMatches(["利率"], c)).toBe(true);
    expect(keywordMatches(["存款", "贷款"], c)).toBe(true);
    expect(keywordMatches(["基金"], c)).toBe(false);
    expect(keywordMatches(["Loan"], ctx({ searchKeyword: "car loan rates" }))).toBe(true);
    expect(keywordMatches(["利率"], ctx())).toBe(false); // no search words
  });

  it("every condition of a rule must hold, and a disabled rule never matches", () => {
    const r = rule({ urlPatterns: ["/products/*"], minPageViews: 2, regions: ["浙江"], sources: ["baidu"], keywords: ["鞋"] });
    const ok = ctx({ pageCount: 2, referrer: "https://www.baidu.com/s?wd=鞋", searchEngine: "百度 Baidu", searchKeyword: "运动鞋" });
    expect(conditionsMatch(r, ok)).toBe(true);
    expect(conditionsMatch(r, { ...ok, url: "https://shop.example.cn/about" })).toBe(false);
    expect(conditionsMatch(r, { ...ok, pageCount: 1 })).toBe(false);
    expect(conditionsMatch(r, { ...ok, province: "江苏", city: "南京市" })).toBe(false);
    expect(conditionsMatch(r, { ...ok, referrer: "https://cn.bing.com/search?q=鞋", searchEngine: "必应 Bing" })).toBe(false);
    expect(conditionsMatch(r, { ...ok, searchKeyword: "帽子" })).toBe(false);
    expect(conditionsMatch({ ...r, enabled: false }, ok)).toBe(false);
  });
});

describe("caps and availability", () => {
  it("times per visit, the interval since the last invitation, an agent able to take the chat, not while chatting", () => {
    const r = rule({ maxPerVisit: 2, intervalSeconds: 120 });
    expect(verdict(r, ctx(), fresh(), NOW, yes)).toEqual({ ok: true });
    expect(verdict(r, ctx(), fresh({ perRule: new Map([[r.id, 1]]) }), NOW, yes)).toEqual({ ok: true });
    expect(verdict(r, ctx(), fresh({ perRule: new Map([[r.id, 2]]) }), NOW, yes)).toEqual({ ok: false, reason: "cap" });
    // Another rule's count does not use this rule's times.
    expect(verdict(r, ctx(), fresh({ perRule: new Map([[r.id + 1000, 5]]) }), NOW, yes).ok).toBe(true);
    expect(verdict(rule({ maxPerVisit: 0 }), ctx(), fresh({ perRule: new Map([[nextId - 1, 99]]) }), NOW, yes).ok).toBe(true); // 0 = no limit
    expect(verdict(r, ctx(), fresh({ lastAt: NOW - 119_000 }), NOW, yes)).toEqual({ ok: false, reason: "interval", until: NOW + 1000 });
    expect(verdict(r, ctx(), fresh({ lastAt: NOW - 120_000 }), NOW, yes)).toEqual({ ok: true });
    expect(verdict(rule({ intervalSeconds: 0 }), ctx(), fresh({ lastAt: NOW }), NOW, yes).ok).toBe(true);
    expect(verdict(r, ctx(), fresh(), NOW, no)).toEqual({ ok: false, reason: "no_agent" });
    expect(verdict(rule({ requireAgent: false }), ctx(), fresh(), NOW, no)).toEqual({ ok: true });
    expect(verdict(r, ctx(), fresh({ chatting: true }), NOW, yes)).toEqual({ ok: false, reason: "busy" });
    expect(verdict(r, ctx(), fresh({ onScreen: true }), NOW, yes)).toEqual({ ok: false, reason: "busy" });
    expect(verdict(rule({ urlPatterns: ["/cart"] }), ctx(), fresh(), NOW, yes)).toEqual({ ok: false, reason: "conditions" });
  });

  it("availability is asked per rule (its group)", () => {
    const sales = rule({ groupId: 7 });
    const any = rule({ groupId: null });
    const onlySales = (x: InvitationRule) => x.groupId === 7;
    expect(verdict(sales, ctx(), fresh(), NOW, onlySales).ok).toBe(true);
    expect(verdict(any, ctx(), fresh(), NOW, onlySales).ok).toBe(false);
    expect(routeFor(sales, { route_group_id: 3, route_agent_id: null })).toEqual({ groupId: 7, requestedAgentId: null });
    expect(routeFor(any, { route_group_id: 3, route_agent_id: 9 })).toEqual({ groupId: 3, requestedAgentId: 9 });
    expect(routeFor(null, null)).toEqual({ groupId: null, requestedAgentId: null });
  });
});

describe("plan: what a page view arms", () => {
  it("per trigger the first rule in order that may invite, with the delay left on the page", () => {
    const a = rule({ position: 1, urlPatterns: ["/cart"], delaySeconds: 5 });
    const b = rule({ position: 2, delaySeconds: 30 });
    const c = rule({ position: 3, delaySeconds: 1 });
    const leave = rule({ position: 4, trigger: "leave", delaySeconds: 99 });
    expect(plan([c, leave, b, a], ctx(), fresh(), NOW, 0, yes)).toEqual([
      { ruleId: b.id, trigger: "delay", delaySeconds: 30 },
      { ruleId: leave.id, trigger: "leave", delaySeconds: 0 },
    ]);
    // Re-armed 12.5 s into the page: the rest of the delay.
    expect(plan([b], ctx(), fresh(), NOW, 12_500, yes)).toEqual([{ ruleId: b.id, trigger: "delay", delaySeconds: 18 }]);
    expect(plan([b], ctx(), fresh(), NOW, 40_000, yes)).toEqual([{ ruleId: b.id, trigger: "delay", delaySeconds: 0 }]);
    // A rule at its cap or without an agent gives way to the next one.
    expect(plan([b, c], ctx(), fresh({ perRule: new Map([[b.id, 1]]) }), NOW, 0, yes)[0].ruleId).toBe(c.id);
    expect(plan([rule({ position: 0, groupId: 5 }), c], ctx(), fresh(), NOW, 0, (x) => x.groupId !== 5)[0].ruleId).toBe(c.id);
    // Chatting, or an invitation on screen: nothing is armed.
    expect(plan([b, leave], ctx(), fresh({ chatting: true }), NOW, 0, yes)).toEqual([]);
    expect(plan([b, leave], ctx(), fresh({ onScreen: true }), NOW, 0, yes)).toEqual([]);
    expect(plan([b], ctx(), fresh(), NOW, 0, no)).toEqual([]);
  });

  it("a rule held back by the interval is armed for the interval's end", () => {
    const b = rule({ delaySeconds: 10, intervalSeconds: 300 });
    expect(plan([b], ctx(), fresh({ lastAt: NOW - 100_000 }), NOW, 0, yes)).toEqual([{ ruleId: b.id, trigger: "delay", delaySeconds: 200 }]);
    expect(plan([b], ctx(), fresh({ lastAt: NOW - 295_000 }), NOW, 0, yes)).toEqual([{ ruleId: b.id, trigger: "delay", delaySeconds: 10 }]);
    const leave = rule({ trigger: "leave", intervalSeconds: 300 });
    expect(plan([leave], ctx(), fresh({ lastAt: NOW - 100_000 }), NOW, 0, yes)).toEqual([{ ruleId: leave.id, trigger: "leave", delaySeconds: 0 }]);
  });
});

describe("texts", () => {
  it("the rule's text in the visitor's language, or empty for the catalogue's default", () => {
    const r = rule({ texts: { "zh-CN": "您好", en: "Hello" } });
    expect(textFor(r, "en")).toBe("Hello");
    expect(textFor(r, "ja")).toBe("");
    expect(langOf("zh-HK", "en")).toBe("zh-TW");
    expect(langOf("zh", "en")).toBe("zh-CN");
    expect(langOf("fr-FR", "ja")).toBe("ja");
    expect(langOf("", "de")).toBe("en");
    expect(langOf("ko-KR", "zh-CN")).toBe("ko");
    expect(langOf("ko-KR", "zh-CN", ["zh-CN", "en"])).toBe("zh-CN"); // the site does not offer Korean
  });
});
