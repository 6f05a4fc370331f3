import { describe, expect, it } from "bun:test";
import { browserSuite, until } from "./host-page.ts";
import { consolePage } from "./console-page.ts";
import { createTestApp } from "./harness.ts";
import { historyWorld } from "./history-world.ts";

/**
 * Chat history (H1) in real Chromium, through the real console: a department admin opens the
 * 历史记录 section, searches with a Chinese word, opens a chat's detail (transcript with the
 * image, trail at chat time), edits the evaluation and adds a note; both are stored.
 */
const suite = browserSuite();

describe("chat history in the console", () => {
  it("searches with a Chinese word, opens the detail, re-evaluates and adds a note", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    suite.cleanups.push(() => void server.stop(true));
    const w = await historyWorld(t);
    const amy = await w.agent("amy", "agent", w.retail.id, "艾米");
    await w.agent("rita", "department_admin", w.retail.id, "丽塔");
    const card = await w.chat({
      day: 1, site: w.retailSite, agent: amy, visitorName: "张三", pages: ["https://retail.example.test/home", "https://retail.example.test/cards"],
      lines: [["v", "我想办理信用卡，年费怎么算？"], ["a", "您好，信用卡首年免年费。"]], image: "账单截图.png",
    });
    await w.chat({ day: 2, site: w.retailSite, agent: amy, visitorName: "李四", lines: [["v", "我要退款"], ["a", "请提供订单号"]] });

    const { page, problems, csp } = await consolePage(suite.browser, server.base, "rita");
    suite.cleanups.push(() => page.context().close());
    await page.locator('.section-tab[data-section="history"]').click();
    const history = page.locator("yk-history");
    // Both chats are listed first; a search for 年费 leaves only the card chat, with its snippet.
    await until(() => history.locator("table.results tbody tr").count(), (n) => n === 2, "both chats listed");
    await history.locator('input[name="q"]').fill("年费");
    await history.locator("button.search").click();
    await until(() => history.locator("table.results tbody tr").count(), (n) => n === 1, "one chat found");
    const row = history.locator(`table.results tbody tr[data-id="${card.id}"]`);
    await row.locator(".snippet mark", { hasText: "年费" }).first().waitFor();
    expect(await history.locator(".pager .total").textContent()).toContain("1");

    // The detail: transcript with the image thumbnail, events in words, the trail at chat time.
    await row.locator("td").first().click();
    const detail = history.locator("yk-history-detail");
    await detail.locator("ol.transcript li.msg.visitor", { hasText: "我想办理信用卡" }).waitFor();
    expect(await detail.locator("ol.transcript li.msg.agent").textContent()).toContain("信用卡首年免年费");
    expect(await detail.locator("ol.transcript li.msg.system").first().textContent()).toContain("艾米 接入了对话");
    const thumb = detail.locator("ol.transcript a.thumb img");
    await until(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), (n) => n === 4, "thumbnail loaded");
    expect(await detail.locator("ol.trail li").allTextContents()).toEqual([expect.stringContaining("home"), expect.stringContaining("cards")]);

    // This one transcript can be exported from its detail (the department admin holds data.export).
    expect(await detail.locator('.export-one yk-export-button[source="transcripts"]').count()).toBe(1);

    // Re-evaluate (the department admin holds history.evaluate).
    await detail.locator('select[name="topicId"]').selectOption({ label: "信用卡" });
    await detail.locator('select[name="verdict"]').selectOption("valuable");
    await detail.locator('textarea[name="evaluationNote"]').fill("首年免年费咨询");
    await detail.locator("button.save-evaluation").click();
    await detail.locator(".saved").waitFor();
    expect(t.db.query("SELECT topic_id, verdict, note FROM conversation_evaluations WHERE conversation_id = ?").get(card.id)).toEqual({ topic_id: w.topicCard.id, verdict: "valuable", note: "首年免年费咨询" });
    // The list shows the new evaluation.
    await row.locator("td", { hasText: "有效" }).waitFor();

    // A note.
    await detail.locator('textarea[name="note"]').fill("客户下周来网点办卡");
    await detail.locator("button.add-note").click();
    await detail.locator("ul.notes li", { hasText: "客户下周来网点办卡" }).waitFor();
    expect(await detail.locator("ul.notes li").first().textContent()).toContain("丽塔");
    expect(t.db.query("SELECT author_name, body FROM conversation_notes WHERE conversation_id = ?").all(card.id)).toEqual([{ author_name: "丽塔", body: "客户下周来网点办卡" }]);

    // The visitor's name asks the shell for the customer view.
    await page.evaluate(() => document.addEventListener("yk-open-customer", (e) => ((window as any).__customer = (e as CustomEvent).detail)));
    await detail.locator("button.visitor-name").click();
    expect(await page.evaluate(() => (window as any).__customer)).toEqual({ visitorId: card.visitorId });

    expect(problems).toEqual([]);
    expect(await csp()).toEqual([]);
  });
});
