import { describe, expect, it } from "bun:test";
import { agentDriver, browserSuite, onlineVisitor, openChat, panelMessages, sendFromWidget, until } from "./host-page.ts";

/** The visitor's widget in real Chromium shows who took over after a transfer (A8), as text. */
const suite = browserSuite();

describe("transfer as the visitor sees it", () => {
  it("the widget shows the takeover event with the new agent's name, escaped", async () => {
    const { world, agent: alice, page, errors } = await onlineVisitor(suite);
    await openChat(page);
    await sendFromWidget(page, "我想改一下订单");
    const first = await alice.message((f) => f.body === "我想改一下订单", "first message");
    expect((await alice.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);

    const bobRow = await world.t.createAgent("bob");
    world.t.services.agents.update(bobRow.id, { display_name: "<b>Bob</b>", role_id: "agent", email: "", allowed_ips: "" }, { id: null, name: "test" });
    const bob = await agentDriver(world.base, "bob");
    suite.cleanups.push(() => bob.close());
    const sent = await alice.api("POST", `/api/conversations/${first.conversationId}/transfers`, { toAgentId: bobRow.id, note: "订单问题" });
    expect(sent.status).toBe(200);
    const request = await bob.ws.next((f) => f.type === "transfer_request", "transfer request");
    expect((await bob.api("POST", `/api/transfers/${request.id}/accept`)).status).toBe(200);

    const messages = await until(() => panelMessages(page), (l) => l.some((m) => m.text.includes("has taken over")), "takeover shown");
    const event = messages.find((m) => m.text.includes("has taken over"))!;
    expect(event.cls).toContain("system");
    expect(event.text).toBe("客服 <b>Bob</b> 已接待您 / <b>Bob</b> has taken over");
    expect(await page.evaluate(() => document.querySelector("yingke-widget")!.shadowRoot!.querySelectorAll("ol.ml b").length)).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
