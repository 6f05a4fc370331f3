import { describe, expect, it } from "bun:test";
import type { Page } from "playwright-core";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { createTestApp } from "./harness.ts";
import { agentDriver, browserSuite, serveHostPage, snippetFromAdminPage, until, visitorPage, W } from "./host-page.ts";

/**
 * Automatic invitation rules on a customer's page, in real Chromium (V8 rules): one test per
 * rule type (time on the page, URL pattern, Nth page view, region, source and keyword, leave
 * intent) and the proactive variant; the visitor's accept and decline are recorded per rule.
 * The region comes from the visitor's address, which the test sets through the trusted-proxy
 * path (X-Forwarded-For from 127.0.0.1, as behind the organisation's reverse proxy).
 */
const suite = browserSuite();
const admin = { id: null, name: "test" };
const HANGZHOU = "223.5.5.5"; // 中国 浙江 杭州市 in the bundled region data

async function world() {
  const t = createTestApp({ realSocketPeer: true, config: (c) => void (c.server.trusted_proxies = ["127.0.0.1"]) });
  const server = t.listen();
  const host = serveHostPage();
  const site = t.services.sites.create({ name: "Shop", allowed_origins: host.origin, default_language: "en" }, admin);
  await t.createAgent("root", "admin");
  host.snippet = await snippetFromAdminPage(server.base, site.id, "root");
  await t.createAgent("alice");
  const agent = await agentDriver(server.base, "alice");
  suite.cleanups.push(() => {
    agent.close();
    void server.stop(true);
    host.stop();
  });
  const rule = (o: Record<string, string>) =>
    t.services.invitationRules.create(admin, site.id, {
      name: "Rule", enabled: "1", kind: "invite", trigger: "delay", delay_seconds: "0", max_per_visit: "1", interval_seconds: "0", require_agent: "1", style: "popup", ...o,
    });
  const invitations = () => t.db.query("SELECT rule_id, agent_id, kind, status, conversation_id FROM invitations ORDER BY id").all() as { rule_id: number; agent_id: number | null; kind: string; status: string; conversation_id: number | null }[];
  return { t, host, site, agent, rule, invitations };
}

async function visitor(o: { ip?: string } = {}) {
  const v = await visitorPage(suite.browser);
  if (o.ip) await v.context.setExtraHTTPHeaders({ "x-forwarded-for": o.ip });
  suite.cleanups.push(() => v.context.close());
  return v;
}

const invitation = (page: Page) => page.locator("yingke-widget .inv");
async function shownText(page: Page) {
  await invitation(page).waitFor({ state: "visible", timeout: 15_000 });
  return invitation(page).locator("p").textContent();
}

describe("automatic invitation rules in the browser", () => {
  it("after N seconds on a page: the invitation pops up centred; declining closes it and is recorded", async () => {
    const w = await world();
    const r = w.rule({ delay_seconds: "1", text_en: "Questions about delivery?" });
    const v = await visitor();
    await v.page.goto(w.host.url("/"));
    expect(await shownText(v.page)).toBe("Questions about delivery?");
    expect(await invitation(v.page).locator("h3").textContent()).toBe(EN.inviteTitle.replace("{name}", EN.agent));
    // The popup style centres the panel; the invitation never takes focus from the page.
    expect(await v.page.locator(`${W.panel}.pop`).isVisible()).toBe(true);
    expect(await v.page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
    await invitation(v.page).locator("button", { hasText: EN.inviteDecline }).click();
    await v.page.locator(W.panel).waitFor({ state: "hidden" });
    expect(await until(() => w.invitations(), (x) => x[0]?.status === "declined", "declined recorded")).toEqual([
      { rule_id: r.id, agent_id: null, kind: "invite", status: "declined", conversation_id: null },
    ]);
    expect(v.errors).toEqual([]);
  }, 60_000);

  it("URL pattern: the rule whose pattern matches the page invites (corner style); accepting opens the chat an agent takes", async () => {
    const w = await world();
    w.rule({ name: "Cart", url_patterns: "/cart*", text_en: "Trouble paying?" });
    const products = w.rule({ name: "Products", url_patterns: "/products/*\nhttps://nowhere.example/*", style: "corner", text_en: "Need a size?" });
    const v = await visitor();
    await v.page.goto(w.host.url("/products/shoes?colour=red"));
    expect(await shownText(v.page)).toBe("Need a size?");
    expect(await v.page.locator(`${W.panel}.pop`).count()).toBe(0);
    await invitation(v.page).locator("button", { hasText: EN.inviteAccept }).click();
    await v.page.locator(W.input).waitFor({ state: "visible" });
    // The greeting the visitor accepted opens the chat, from the site.
    await v.page.locator("yingke-widget li.m.system", { hasText: "Need a size?" }).waitFor();
    const [row] = await until(() => w.invitations(), (x) => x[0]?.status === "accepted", "accepted recorded");
    const conversationId = row.conversation_id;
    expect(row).toMatchObject({ rule_id: products.id, kind: "invite" });
    expect(typeof conversationId).toBe("number");
    expect((await w.agent.api("POST", `/api/conversations/${conversationId}/accept`)).status).toBe(200);
    expect(await until(() => v.page.locator("yingke-widget .sub").textContent(), (x) => !!x?.includes("alice name"), "agent in the header")).toContain("alice name");
    expect(v.errors).toEqual([]);
  }, 60_000);

  it("Nth page view: not on the first page, then on the second", async () => {
    const w = await world();
    const r = w.rule({ min_page_views: "2", text_en: "Still looking?" });
    const v = await visitor();
    await v.page.goto(w.host.url("/"));
    await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    await until(() => w.t.db.query("SELECT count(*) AS n FROM page_views").get() as { n: number }, (x) => x.n === 1, "first page recorded");
    expect(await invitation(v.page).count()).toBe(0);
    await v.page.locator("a", { hasText: "Another page" }).click();
    expect(await shownText(v.page)).toBe("Still looking?");
    // Shown once, on the second page (had it gone out on the first, its one time would be used up).
    expect(w.invitations().map((i) => [i.rule_id, i.status])).toEqual([[r.id, "shown"]]);
    expect(new URL(v.page.url()).pathname).toBe("/other");
  }, 60_000);

  it("region: a visitor from Hangzhou gets the Zhejiang rule, not the Beijing one", async () => {
    const w = await world();
    w.rule({ name: "Beijing", regions: "北京", text_en: "Hello Beijing" });
    const zj = w.rule({ name: "Zhejiang", regions: "浙江省, 江苏", text_en: "Hello Zhejiang" });
    const v = await visitor({ ip: HANGZHOU });
    await v.page.goto(w.host.url("/"));
    expect(await shownText(v.page)).toBe("Hello Zhejiang");
    expect(w.t.db.query("SELECT ip, province, city FROM visits").get()).toEqual({ ip: HANGZHOU, province: "浙江省", city: "杭州市" });
    expect(w.invitations()[0].rule_id).toBe(zj.id);
  }, 60_000);

  it("source and keyword: a visitor from a Baidu search for 贷款 gets the rule for that search", async () => {
    const w = await world();
    w.rule({ name: "Savings", keywords: "存款", text_en: "Savings rates" });
    w.rule({ name: "Partner", sources: "partner.example", text_en: "Welcome, partner" });
    const loans = w.rule({ name: "Loans", sources: "百度", keywords: "贷款", text_en: "Ask us about loans" });
    const v = await visitor();
    await v.page.goto(w.host.url("/"), { referer: "https://www.baidu.com/s?wd=%E8%B4%B7%E6%AC%BE%E5%88%A9%E7%8E%87&ie=utf-8" });
    expect(await shownText(v.page)).toBe("Ask us about loans");
    expect(w.t.db.query("SELECT search_engine, search_keyword FROM visits").get()).toEqual({ search_engine: "百度 Baidu", search_keyword: "贷款利率" });
    expect(w.invitations()[0].rule_id).toBe(loans.id);
  }, 60_000);

  it("leave intent: moving the pointer out of the window at the top invites", async () => {
    const w = await world();
    const r = w.rule({ trigger: "leave", text_en: "Before you go…" });
    const v = await visitor();
    await v.page.goto(w.host.url("/"));
    await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    // Out through the top edge (again until the server's arm has arrived: readiness, not timing).
    await until(async () => {
      await v.page.mouse.move(300, 40);
      await v.page.mouse.move(300, -10, { steps: 3 });
      return invitation(v.page).isVisible();
    }, Boolean, "invitation after leaving at the top");
    expect(await invitation(v.page).locator("p").textContent()).toBe("Before you go…");
    expect(w.invitations().map((i) => i.rule_id)).toEqual([r.id]);
  }, 60_000);

  it("proactive: the panel opens by itself with the rule's text from the site; the visitor's reply reaches the agent and counts as accepted", async () => {
    const w = await world();
    const r = w.rule({ kind: "proactive", delay_seconds: "1", text_en: "Hi! I can help you compare plans." });
    const v = await visitor();
    await v.page.goto(w.host.url("/"));
    await v.page.locator(W.panel).waitFor({ state: "visible", timeout: 15_000 });
    await v.page.locator("yingke-widget li.m.system", { hasText: "Hi! I can help you compare plans." }).waitFor();
    expect(await invitation(v.page).isVisible()).toBe(false);
    const [row] = w.invitations();
    expect(row).toMatchObject({ rule_id: r.id, kind: "proactive", status: "shown" });
    await v.page.locator(W.input).fill("Which plan has roaming?");
    await v.page.locator(W.input).press("Enter");
    await until(() => w.invitations()[0].status, (s) => s === "accepted", "accepted on the first reply");
    expect((await w.agent.api("POST", `/api/conversations/${row.conversation_id}/accept`)).status).toBe(200);
    const m = await w.agent.message((f) => f.body === "Which plan has roaming?", "visitor reply");
    expect(m.conversationId).toBe(row.conversation_id);
    expect(v.errors).toEqual([]);
  }, 60_000);
});
