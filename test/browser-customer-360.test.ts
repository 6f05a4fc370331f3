import { describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { browserSuite } from "./host-page.ts";
import { consolePage } from "./console-page.ts";
import { customerWorld } from "./customer-world.ts";

/**
 * Customer 360 (H3) in real Chromium, through the real console: from the visitor drawer's panel
 * (and the visitor list's detail) the agent opens the customer profile and sees the profile
 * (contact masked, X8), the chats of the customer's visitors (a verified member's other device
 * included) and the leave messages; a chat opens in History; and the 客户 Customers section
 * finds the customer by a Chinese name.
 */
const suite = browserSuite();

async function world() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  suite.cleanups.push(() => server.stop(true));
  const w = await customerWorld(t);
  const alice = await t.createAgent("alice", "agent");
  const phone = w.visitor(w.commonSite.id, { name: "王小明", phone: "13812345678", email: "wang@example.cn", company: "某某银行" });
  const laptop = w.visitor(w.commonSite.id);
  w.member(phone, "M-10086", "王晓明会员");
  w.member(laptop, "M-10086", "王晓明会员");
  w.visit(phone, { province: "广东", city: "深圳", device: "手机", browser: "Chrome", os: "Android", engine: "百度", keyword: "开户流程" });
  const first = w.chat(phone, alice.id, ["你好，我想开户", "您好，请问开什么户？"], { rating: 5, topic: "开户" });
  const second = w.chat(laptop, alice.id, ["<img src=x onerror=alert(1)>电脑上的问题"]);
  w.leave(phone, "请尽快回电，谢谢", { name: "王小明", phone: "13812345678" });
  w.visitor(w.commonSite.id, { name: "李雷" });
  return { t, base: server.base, w, phone, first, second };
}

async function signedIn(base: string) {
  const c = await consolePage(suite.browser, base, "alice", {
    init: () => {
      const seen: unknown[] = ((window as any).__opened = []);
      document.addEventListener("yk-open-history", (e) => seen.push((e as CustomEvent).detail));
    },
  });
  suite.cleanups.push(() => c.context.close());
  return c;
}

describe("customer 360 in the console", () => {
  it("opens from the visitor panel: profile, every chat of the member's visitors, leave messages; a chat opens in History", async () => {
    const { base, w, phone, first, second } = await world();
    const { page, problems, csp } = await signedIn(base);
    await page.evaluate(([visitorId, siteId]) => document.querySelector("yk-console")!.dispatchEvent(new CustomEvent("yk-open-visitor", { detail: { visitorId, siteId }, bubbles: true, composed: true })), [phone.id, w.commonSite.id]);
    const panel = page.locator(".visitor-drawer yk-visitor-panel");
    await panel.locator(".visitor-name", { hasText: "王小明" }).waitFor();
    await panel.locator("button.open-customer", { hasText: "客户档案" }).click();

    const c360 = page.locator(".customer-drawer yk-customer-360");
    await c360.locator(".customer-name", { hasText: "王小明" }).waitFor();
    expect(await page.locator(".visitor-drawer:not(.customer-drawer)").count()).toBe(0);
    await c360.locator(".verified", { hasText: "已验证会员" }).waitFor();
    expect(await c360.locator("dd.member").textContent()).toContain("M-10086");
    // Alice lacks visitor.contact: the server masked the number before it reached the page.
    expect(await c360.locator("dd.phone").textContent()).toBe("138****5678");
    expect(await c360.locator("dd.region").textContent()).toContain("广东 深圳");
    expect(await c360.locator("dd.keyword").textContent()).toContain("开户流程");
    expect(await c360.locator("dd.device").textContent()).toContain("手机");

    const chats = c360.locator("section.chats li.chat");
    await chats.first().waitFor();
    expect(await chats.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.id)))).toEqual([second, first]);
    expect(await chats.nth(1).textContent()).toContain("你好，我想开户");
    expect(await chats.nth(1).locator(".rating").textContent()).toBe("5 星");
    // The visitor's markup is text, never HTML.
    expect(await chats.nth(0).locator(".first").textContent()).toBe("<img src=x onerror=alert(1)>电脑上的问题");
    expect(await c360.locator("img").count()).toBe(0);
    const leave = c360.locator("section.leave-messages li.leave");
    expect(await leave.count()).toBe(1);
    expect(await leave.locator(".content").textContent()).toBe("请尽快回电，谢谢");
    expect(await leave.textContent()).not.toContain("13812345678");
    await c360.locator("section.follow-ups", { hasText: "跟进" }).waitFor();

    await chats.nth(1).locator("button").click();
    expect(await page.evaluate(() => (window as any).__opened)).toEqual([{ conversationId: first }]);
    await page.locator('.section-tab[data-section="history"][aria-selected="true"]').waitFor();
    expect(await page.locator(".customer-drawer").count()).toBe(0);
    expect(problems).toEqual([]);
    expect(await csp()).toEqual([]);
  }, 90_000);

  it("opens from the visitor list's detail panel", async () => {
    const { base, w, phone } = await world();
    const { page, problems } = await signedIn(base);
    // The list's side panel, given the row the list would give it (the visitor is not online here).
    await page.evaluate(([id, siteId]) => {
      const d = document.createElement("yk-visitor-detail") as any;
      d.row = { id, siteId, name: "王小明", status: "gone", member: null, searchEngine: "", searchKeyword: "", visitCount: 1, ip: "", region: "", enteredAt: null, waitingSince: null, agentName: "", lastMessage: "", goneAt: null, language: "", os: "", browser: "", currentUrl: "", currentTitle: "" };
      document.querySelector("yk-console")!.append(d);
    }, [phone.id, w.commonSite.id]);
    await page.locator("yk-visitor-detail button.open-customer", { hasText: "客户档案" }).click();
    await page.locator(".customer-drawer yk-customer-360 .customer-name", { hasText: "王小明" }).waitFor();
    await page.locator(".customer-drawer button.close").click();
    expect(await page.locator(".customer-drawer").count()).toBe(0);
    expect(problems).toEqual([]);
  }, 90_000);

  it("finds a customer by a Chinese name in the Customers section and shows the 360 inline", async () => {
    const { base, phone } = await world();
    const { page, problems, csp } = await signedIn(base);
    await page.locator('.section-tab[data-section="customers"]').click();
    const search = page.locator(".section-customers yk-customer-search");
    await search.locator('input[type="search"]').fill("小明");
    await search.locator('button[type="submit"]').click();
    const hits = search.locator("li.customer-hit");
    await hits.first().waitFor();
    expect(await hits.count()).toBe(1);
    expect(await hits.first().getAttribute("data-visitor")).toBe(String(phone.id));
    expect(await hits.first().textContent()).toContain("王小明");
    expect(await hits.first().textContent()).toContain("138****5678");
    expect(await hits.first().textContent()).toContain("2 个访客身份");

    await hits.first().locator("button").click();
    const c360 = search.locator("yk-customer-360");
    await c360.locator(".customer-name", { hasText: "王小明" }).waitFor();
    await c360.locator("section.chats li.chat").first().waitFor();
    expect(await c360.locator("section.chats li.chat").count()).toBe(2);
    expect(await c360.locator("section.leave-messages li.leave").count()).toBe(1);
    await search.locator("button.back").click();
    await hits.first().waitFor();

    await search.locator('input[type="search"]').fill("张三");
    await search.locator('button[type="submit"]').click();
    await search.locator("p[role=status]", { hasText: "没有找到客户" }).waitFor();
    expect(problems).toEqual([]);
    expect(await csp()).toEqual([]);
  }, 90_000);
});
