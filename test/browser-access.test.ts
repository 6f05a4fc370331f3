import { describe, expect, it } from "bun:test";
import type { Page } from "playwright-core";
import { agentDriver, browserSuite, openChat, sendFromWidget, serveHostPage, snippetFromAdminPage, until, visitorPage, W } from "./host-page.ts";
import { createTestApp } from "./harness.ts";
import { forwardingProxy } from "./forwarding-proxy.ts";
import { signIdentity } from "../src/identity/hmac.ts";
import { mountList, renderedRows, signedInPage } from "./visitor-list-page.ts";
import { IPS } from "./access-world.ts";

/**
 * Trusted identity (V25), service regions (M5) and the blocking page (M7) in real Chromium: the
 * customer's page (its own origin) embeds the snippet, which points at a reverse proxy in front
 * of Yingke announcing the visitor's address (X-Forwarded-For, trusted), so a visitor can be in
 * Beijing or Guangdong as the shipped region database sees it.
 */
const suite = browserSuite();
const sys = { id: null, name: "test" };

async function world() {
  const t = createTestApp({ realSocketPeer: true, config: (c) => void (c.server.trusted_proxies = ["127.0.0.1"]) });
  const server = t.listen();
  const base = server.base;
  const proxy = forwardingProxy(base, IPS.beijing);
  const host = serveHostPage();
  suite.cleanups.push(() => {
    host.stop();
    proxy.stop();
    return server.stop(true);
  });
  const site = t.services.sites.create({ name: "网上银行", allowed_origins: host.origin, default_language: "en" }, sys);
  await t.createAgent("root", "admin");
  await t.createAgent("alice");
  // The snippet exactly as the admin page shows it, served through the site's reverse proxy.
  const snippet = (await snippetFromAdminPage(base, site.id, "root")).replaceAll(base, proxy.origin);
  host.snippet = snippet;
  const alice = await agentDriver(base, "alice");
  suite.cleanups.push(() => alice.close());
  const claim = (o: { memberId?: string; name?: string; ts?: number; secret?: string } = {}) => {
    const c = { memberId: o.memberId ?? "M-1001", name: o.name ?? "王小明", ts: o.ts ?? Math.floor(t.clock.now() / 1000) };
    return { ...c, sig: signIdentity(o.secret ?? t.services.sites.get(site.id)!.secret, c) };
  };
  /** The host page signs the member in: the global set before the snippet (docs/identity.md). */
  const withIdentity = (c: unknown) => `<script>window.yingkeIdentity = ${JSON.stringify(c)};</script>\n${snippet}`;
  /** A visitor in a fresh browser context, on the host page, until the widget's entry shows. */
  async function visit(o: { entry?: boolean } = {}) {
    const v = await visitorPage(suite.browser);
    suite.cleanups.push(() => v.context.close());
    await v.page.goto(host.url("/"));
    if (o.entry !== false) await v.page.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });
    return v;
  }
  const online = async () => (await alice.api("GET", "/api/visitors/online")).body.visitors as any[];
  return { t, base, proxy, host, site, alice, snippet, claim, withIdentity, visit, online };
}

/** The visitor id of the newest visitor on the agent's list (each test visit is a new browser). */
async function newestVisitor(w: Awaited<ReturnType<typeof world>>, known: Set<number>) {
  const rows = await until(() => w.online(), (r) => r.some((x) => !known.has(x.id)), "a new visitor on the list");
  const row = rows.find((x) => !known.has(x.id))!;
  known.add(row.id);
  return row.id as number;
}

/** Waits until main.js has started on the page (the bridge replaced the loader's claim). */
const widgetStarted = (page: Page, key: string) => until(() => page.evaluate((k) => typeof (window as any)[`__yingke_${k}`] === "object" && !((window as any)[`__yingke_${k}`] instanceof HTMLElement), key), Boolean, "main.js started");

describe("trusted identity in Chromium", () => {
  it("a validly signed member shows as verified (list badge, member id and name); wrong signature, expired and missing do not, and are never joined to the member's history", async () => {
    const w = await world();
    const known = new Set<number>();

    // The member, signed in on the host site, chats.
    w.host.snippet = w.withIdentity(w.claim());
    const member = await w.visit();
    const memberId = await newestVisitor(w, known);
    const row = await until(async () => (await w.online()).find((r) => r.id === memberId), (r) => Boolean(r?.member), "verified row");
    expect(row.member).toMatchObject({ memberId: "M-1001", name: "王小明" });
    await openChat(member.page);
    await sendFromWidget(member.page, "我的贷款进度？");
    const first = await w.alice.message((f) => f.body === "我的贷款进度？", "member's message");

    // The agent's console list shows the badge with the member's name.
    const consoleTab = await signedInPage(suite.browser, w.base, "alice");
    suite.cleanups.push(() => consoleTab.context.close());
    await mountList(consoleTab.page, w.base);
    const listed = await until(() => renderedRows(consoleTab.page), (rows) => rows.some((r) => r.id === memberId && r.cells.join(" ").includes("已验证 王小明")), "verified badge in the console list");
    expect(listed.find((r) => r.id === memberId)!.cells.join(" ")).toContain("已验证 王小明");

    // Forged, expired and missing claims, each in its own browser.
    const now = Math.floor(w.t.clock.now() / 1000);
    const forged = [
      { ...w.claim(), sig: "0".repeat(64) },
      w.claim({ secret: "a-guessed-secret" }),
      w.claim({ ts: now - 11 * 60 }),
      { memberId: "M-1001", name: "王小明", ts: now },
    ];
    const unverified: number[] = [];
    for (const c of forged) {
      w.host.snippet = w.withIdentity(c);
      await w.visit();
      unverified.push(await newestVisitor(w, known));
    }
    w.host.snippet = w.snippet; // signed out: no claim at all
    await w.visit();
    unverified.push(await newestVisitor(w, known));
    for (const id of unverified) {
      const panel = (await w.alice.api("GET", `/api/visitors/${id}`)).body;
      expect(panel.member).toBeNull();
      expect(panel.conversations).toEqual([]);
      expect((await w.online()).find((r) => r.id === id).member).toBeNull();
    }

    // The same member from another browser is linked to the first chat.
    w.host.snippet = w.withIdentity(w.claim());
    await w.visit();
    const again = await newestVisitor(w, known);
    const panel = await until(async () => (await w.alice.api("GET", `/api/visitors/${again}`)).body, (p) => Boolean(p.member), "linked member");
    expect(panel.member.otherVisitors).toEqual([memberId]);
    expect(panel.member.conversations.map((c: any) => c.id)).toEqual([first.conversationId]);
    expect(member.errors).toEqual([]);
  }, 120_000);
});

describe("service regions in Chromium", () => {
  it("allow-list: Beijing chats; Guangdong gets only the leave-message form", async () => {
    const w = await world();
    w.t.services.siteSettings.update(w.site.id, "regions", { regions_mode: "allow", regions: "北京", regions_outside: "leave" }, sys);
    w.proxy.clientIp = IPS.beijing;
    const inside = await w.visit();
    await openChat(inside.page);
    await sendFromWidget(inside.page, "你好，北京");
    await w.alice.message((f) => f.body === "你好，北京", "message from Beijing");

    w.proxy.clientIp = IPS.guangzhou;
    const outside = await w.visit();
    await outside.page.locator(W.entry).click();
    await outside.page.locator(W.leaveForm).waitFor();
    await outside.page.locator(W.banner, { hasText: "Chat is not available right now" }).waitFor();
    expect(await outside.page.locator(W.input).count()).toBe(0);
    expect(outside.errors).toEqual([]);
  }, 60_000);

  it("deny-list with no widget: a visitor from Guangdong never sees the widget; Beijing does", async () => {
    const w = await world();
    w.t.services.siteSettings.update(w.site.id, "regions", { regions_mode: "deny", regions: "广东", regions_outside: "hide" }, sys);
    w.proxy.clientIp = IPS.shenzhen;
    const denied = await w.visit({ entry: false });
    await widgetStarted(denied.page, w.site.site_key);
    await until(() => denied.page.locator("yingke-widget").count(), (n) => n === 0, "no widget for Guangdong");
    await denied.page.locator("#host-button").click(); // the host page itself works
    w.proxy.clientIp = IPS.beijing;
    await w.visit();
  }, 60_000);
});

describe("the blocking page in Chromium", () => {
  it("an admin hides an IP and refuses chat to a CIDR range from /admin/blocks; unblocking restores the widget and chat", async () => {
    const w = await world();
    const adminTab = await signedInPage(suite.browser, w.base, "root");
    suite.cleanups.push(() => adminTab.context.close());
    const admin = adminTab.page;
    const addBlock = async (target: string, mode: "hide" | "refuse_chat", reason: string) => {
      await admin.goto(`${w.base}/admin/blocks`);
      await admin.selectOption('select[name="kind"]', "ip");
      await admin.fill('input[name="target"]', target);
      await admin.selectOption('select[name="site_id"]', String(w.site.id));
      await admin.selectOption('select[name="mode"]', mode);
      await admin.selectOption('select[name="expires"]', "1440");
      await admin.fill('input[name="reason"]', reason);
      await admin.click('form[action="/admin/blocks"] button[type="submit"]');
      await admin.locator(".notice", { hasText: "已屏蔽" }).waitFor();
    };
    const unblock = async (target: string) => {
      await admin.goto(`${w.base}/admin/blocks`);
      await admin.locator("tr", { hasText: target }).locator("button", { hasText: "解除" }).click();
      await admin.locator(".notice", { hasText: "已解除屏蔽" }).waitFor();
    };

    // A field error first: the page says what is wrong, beside the field.
    await admin.goto(`${w.base}/admin/blocks`);
    await admin.fill('input[name="target"]', "183.2.0.0/40");
    await admin.fill('input[name="reason"]', "x");
    await admin.click('form[action="/admin/blocks"] button[type="submit"]');
    await admin.locator("#err-target", { hasText: "CIDR" }).waitFor();

    // Hide one address: the open widget leaves the page at once and stays away on reload.
    w.proxy.clientIp = IPS.guangzhou;
    const v = await w.visit();
    await addBlock(IPS.guangzhou, "hide", "攻击 attack");
    await until(() => v.page.locator("yingke-widget").count(), (n) => n === 0, "widget removed");
    await v.page.reload();
    await widgetStarted(v.page, w.site.site_key);
    await until(() => v.page.locator("yingke-widget").count(), (n) => n === 0, "still hidden after reload");
    await unblock(IPS.guangzhou);
    await v.page.reload();
    await v.page.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });

    // Refuse chat for the whole range: the leave form only; after unblocking, the composer is back.
    await openChat(v.page);
    await addBlock("183.2.0.0/16", "refuse_chat", "刷单 spam");
    await v.page.locator(W.banner, { hasText: "Chat is not available right now" }).waitFor();
    await v.page.locator(W.leaveForm).waitFor();
    expect(await v.page.locator(W.input).count()).toBe(0);
    await unblock("183.2.0.0/16");
    await v.page.locator(W.input).waitFor({ state: "visible" });
    await sendFromWidget(v.page, "可以了");
    await w.alice.message((f) => f.body === "可以了", "message after unblock");
    const actions = (w.t.db.query("SELECT action, target_id FROM audit_log WHERE action LIKE 'visitor.%' ORDER BY id").all() as any[]).map((a) => `${a.action} ${a.target_id}`);
    expect(actions).toEqual([`visitor.block ${IPS.guangzhou}`, `visitor.unblock ${IPS.guangzhou}`, "visitor.block 183.2.0.0/16", "visitor.unblock 183.2.0.0/16"]);
    // The one failed load is the form answered 422 on purpose above.
    expect(adminTab.errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  }, 120_000);
});
