import { describe, expect, it } from "bun:test";
import { browserSuite, until } from "./host-page.ts";
import { createTestApp } from "./harness.ts";
import { maskIp } from "../src/platform/masking.ts";
import { seedVisitor, seedVisitors, movePage } from "./visitor-seed.ts";
import { countLine, mountList, renderedRows, signedInPage } from "./visitor-list-page.ts";

const suite = browserSuite();
const admin = { id: null, name: "test" };
const L = "yk-visitor-list";

/** A listening app with one site, the agent alice, and `count` seeded visitors. */
async function world(count: number) {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  suite.cleanups.push(() => server.stop(true));
  const site = t.services.sites.create({ name: "网上银行", allowed_origins: "http://bank.example.test", default_language: "zh-CN" }, admin);
  const alice = await t.createAgent("alice");
  const visitors = await seedVisitors(t.services, site.id, count);
  const open = async () => {
    const p = await signedInPage(suite.browser, server.base, "alice");
    suite.cleanups.push(() => p.context.close());
    await mountList(p.page, server.base);
    return p;
  };
  return { t, base: server.base, site, alice, visitors, open };
}

/** Five visitors in every state, named so that sorting by name is predictable. */
async function mixedWorld() {
  const w = await world(0);
  const s = w.t.services;
  const mk = async (i: number, name: string, o: { title?: string; keyword?: string } = {}) => {
    const v = await seedVisitor(s, w.site.id, i, o);
    await s.visitors.setProfile(v, { name });
    return s.visitors.get(v.id)!;
  };
  const amy = await mk(1, "Amy", { title: "个人贷款利率 Loans", keyword: "贷款利率" });
  const bob = await mk(2, "Bob", { title: "信用卡申请 Cards", keyword: "信用卡" });
  const cat = await mk(3, "Cat");
  const dan = await mk(4, "Dan");
  const eve = await mk(5, "Eve");
  await s.chat.visitorSend(bob, { cid: "bob-1", body: "额度怎么提高？" });
  const c = await s.chat.visitorSend(cat, { cid: "cat-1", body: "你好" });
  await s.chat.accept({ id: w.alice.id, display_name: w.alice.display_name }, c.conversation.id);
  s.visitors.connected(eve.id);
  s.visitors.disconnected(eve.id);
  w.t.clock.advance(w.t.config.visitors.gone_grace_seconds * 1000);
  s.visitors.sweepGone();
  return { ...w, amy, bob, cat, dan, eve, catConversation: c.conversation.id };
}

const names = async (page: import("playwright-core").Page) => (await renderedRows(page)).map((r) => r.cells[1]);

describe("<yk-visitor-list> in Chromium", () => {
  it("shows 5,000 visitors with only a bounded number of row elements, also after scrolling to the end", async () => {
    const w = await world(5000);
    const { page, errors } = await w.open();
    await until(() => countLine(page), (s) => s === "显示 5000 / 共 5000", "5,000 rows listed", 30_000);
    const first = await renderedRows(page);
    expect(first.length).toBeGreaterThan(10);
    expect(first.length).toBeLessThanOrEqual(60);
    expect(first[0].index).toBe(0);
    await page.locator(`${L} .viewport`).evaluate((el) => (el.scrollTop = el.scrollHeight));
    const end = await until(() => renderedRows(page), (rows) => rows.at(-1)?.index === 4999, "the last row rendered");
    expect(end.length).toBeLessThanOrEqual(60);
    expect(await page.locator(`${L} .viewport`).getAttribute("aria-rowcount")).toBe("5001");
    expect(errors).toEqual([]);
  }, 90_000);

  it("sorts by any column header, both ways, with aria-sort", async () => {
    const w = await mixedWorld();
    const { page } = await w.open();
    await until(() => countLine(page), (s) => s === "显示 5 / 共 5", "5 rows");
    // Default: waiting first, then chatting, browsing, gone.
    expect((await renderedRows(page)).map((r) => r.cells[0])).toEqual(["等待中", "对话中", "浏览中", "浏览中", "已离开"]);
    const header = page.locator(`${L} [role=columnheader]`, { hasText: "名称" });
    await header.locator("button").click();
    await until(() => names(page), (n) => n.join() === "Amy,Bob,Cat,Dan,Eve", "sorted by name ascending");
    expect(await header.getAttribute("aria-sort")).toBe("ascending");
    await header.locator("button").click();
    await until(() => names(page), (n) => n.join() === "Eve,Dan,Cat,Bob,Amy", "sorted by name descending");
    expect(await header.getAttribute("aria-sort")).toBe("descending");
    expect(await page.locator(`${L} [role=columnheader]`, { hasText: "状态" }).getAttribute("aria-sort")).toBe("none");
  }, 60_000);

  it("filters by state, hides gone visitors and searches in Chinese", async () => {
    const w = await mixedWorld();
    const { page } = await w.open();
    await until(() => countLine(page), (s) => s === "显示 5 / 共 5", "5 rows");
    await page.locator(`${L} [role=columnheader]`, { hasText: "名称" }).locator("button").click();
    await until(() => names(page), (n) => n.join() === "Amy,Bob,Cat,Dan,Eve", "sorted by name");
    const box = (name: string) => page.locator(`${L} input[name="${name}"]`);
    await box("status-browsing").uncheck();
    await until(() => names(page), (n) => n.join() === "Bob,Cat,Eve", "browsing hidden");
    await box("status-waiting").uncheck();
    await until(() => names(page), (n) => n.join() === "Cat,Eve", "waiting hidden");
    await box("status-chatting").uncheck();
    await until(() => names(page), (n) => n.join() === "Eve", "chatting hidden");
    await box("status-gone").uncheck();
    await until(() => names(page), (n) => n.length === 0, "nothing left");
    expect(await page.locator(`${L} .empty`).textContent()).toBe("没有符合条件的访客");
    for (const s of ["browsing", "waiting", "chatting", "gone"]) await box(`status-${s}`).check();
    await until(() => names(page), (n) => n.length === 5, "all back");
    await box("hide-gone").check();
    await until(() => names(page), (n) => n.join() === "Amy,Bob,Cat,Dan", "gone hidden");
    await box("hide-gone").uncheck();

    const search = page.locator(`${L} input[name="search"]`);
    await search.fill("信用卡");
    await until(() => names(page), (n) => n.join() === "Bob", "found by the Chinese keyword and title");
    await search.fill("贷款");
    await until(() => names(page), (n) => n.join() === "Amy", "found by a Chinese page title");
    // alice holds no visitor.full_ip: she finds Dan by the masked address she sees (X8).
    await search.fill(maskIp(w.t.services.visitors.visit(w.t.services.visitors.presenceOf(w.dan.id)!.visitId)!.ip));
    await until(() => names(page), (n) => n.join() === "Dan", "found by IP");
    await search.fill(String(w.eve.id));
    await until(() => names(page), (n) => n.includes("Eve"), "found by id");
    expect(await countLine(page)).toMatch(/^显示 \d \/ 共 5$/);
  }, 60_000);

  it("remembers the chosen columns per agent across a reload", async () => {
    const w = await mixedWorld();
    const { page } = await w.open();
    const headers = () => page.locator(`${L} [role=columnheader]`).allTextContents().then((a) => a.map((s) => s.replace(/[▲▼]/g, "").trim()).filter(Boolean));
    expect(await headers()).not.toContain("IP 地址");
    await page.locator(`${L} .chooser summary`).click();
    await page.locator(`${L} input[name="col-ip"]`).check();
    await page.locator(`${L} input[name="col-region"]`).uncheck();
    expect(await headers()).toContain("IP 地址");
    expect(await headers()).not.toContain("地区");
    await mountList(page, w.base);
    await until(headers, (h) => h.includes("IP 地址") && !h.includes("地区"), "columns restored after reload");
    expect(await page.evaluate((id) => localStorage.getItem(`yk.visitors.columns.${id}`), w.alice.id)).toContain('"ip"');
  }, 60_000);

  it("opens the side panel with details and the page trail, by click and by keyboard, and offers accept/open", async () => {
    const w = await mixedWorld();
    w.t.clock.advance(12_000);
    await movePage(w.t.services, w.dan, 9, "网点查询 Branches");
    const { page } = await w.open();
    await page.locator(`${L} [role=columnheader]`, { hasText: "名称" }).locator("button").click();
    await until(() => names(page), (n) => n.join() === "Amy,Bob,Cat,Dan,Eve", "sorted by name");
    await page.locator(`${L} [role=row][data-id="${w.dan.id}"]`).click();
    const panel = page.locator(`${L} yk-visitor-detail`);
    await panel.locator("ol.trail li").nth(1).waitFor();
    const trail = await panel.locator("ol.trail li").allTextContents();
    expect(trail[0]).toContain("Contact us 4");
    expect(trail[0]).toContain("停留 0:32");
    expect(trail[1]).toContain("网点查询 Branches");
    expect(trail[1]).toContain("正在浏览");
    expect(await panel.locator("dl").textContent()).toContain("Dan");
    let events = await page.evaluate(() => (globalThis as any).yk.events);
    expect(events).toContainEqual({ type: "yk-open-visitor", detail: { visitorId: w.dan.id, siteId: w.site.id } });

    // Keyboard: the clicked row has focus; arrow up twice reaches Bob, Enter opens him.
    await page.locator(`${L} [role=row][data-id="${w.dan.id}"]`).focus();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    await until(() => panel.locator("dl").textContent(), (s) => (s ?? "").includes("Bob"), "Bob's details");
    expect(await page.locator(`${L} [role=row][aria-selected=true]`).getAttribute("data-id")).toBe(String(w.bob.id));

    // Waiting rows offer accept, chatting rows open; both hand the conversation to the shell.
    expect(await page.locator(`${L} [role=row][data-id="${w.bob.id}"] button.act`).textContent()).toBe("接待");
    await page.locator(`${L} [role=row][data-id="${w.cat.id}"] button.act`).click();
    events = await page.evaluate(() => (globalThis as any).yk.events);
    expect(events).toContainEqual({ type: "yk-open-conversation", detail: { conversationId: w.catConversation } });
    expect(await page.locator(`${L} [role=row][data-id="${w.amy.id}"] button.act`).count()).toBe(0);
  }, 60_000);

  it("applies live visitor frames, and shows hostile page titles as text", async () => {
    const w = await mixedWorld();
    const { page, errors } = await w.open();
    await page.locator(`${L} [role=columnheader]`, { hasText: "名称" }).locator("button").click();
    await until(() => names(page), (n) => n.join() === "Amy,Bob,Cat,Dan,Eve", "sorted by name");
    const hostile = `<img src=x onerror="globalThis.__xss=1">`;
    await movePage(w.t.services, w.amy, 7, hostile);
    const page7 = await until(() => renderedRows(page), (rows) => rows[0].cells.some((c) => c.includes(hostile)), "the live title in Amy's row");
    expect(page7[0].id).toBe(w.amy.id);
    expect(await page.evaluate(() => document.querySelector("yk-visitor-list")!.shadowRoot!.querySelectorAll("img").length)).toBe(0);
    // A new visitor appears, and a chat request turns a row to waiting.
    const fresh = await seedVisitor(w.t.services, w.site.id, 42);
    await until(() => countLine(page), (s) => s === "显示 6 / 共 6", "the new visitor listed");
    await w.t.services.chat.visitorSend(w.dan, { cid: "dan-1", body: "<b>在吗</b>" });
    await until(() => renderedRows(page), (rows) => rows.find((r) => r.id === w.dan.id)?.cells[0] === "等待中", "Dan waiting");
    const dan = (await renderedRows(page)).find((r) => r.id === w.dan.id)!;
    expect(dan.cells.join(" ")).toContain("<b>在吗</b>");
    expect(fresh.id).toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as any).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  }, 60_000);
});
