import { describe, expect, it } from "bun:test";
import { panel as ZH } from "../widget/src/i18n/zh-CN.ts";
import { agentDriver, browserSuite, openChat, sendFromWidget, until, visitorPage, W, widgetWorld } from "./host-page.ts";
import { C, consolePage } from "./console-page.ts";
import { ADMIN } from "./routing-world.ts";

/**
 * Automatic assignment end to end in real Chromium: the visitor queues and sees their place, an
 * agent becomes available, the console shows the offer, the agent accepts and they chat.
 */
const suite = browserSuite();

describe("automatic assignment in the widget and the console", () => {
  it("the visitor sees their queue place; the agent who comes online is offered the chat, accepts and replies", async () => {
    const w = await widgetWorld({ language: "zh-CN" });
    suite.cleanups.push(() => w.stop());
    const s = w.t.services;
    s.routing.saveAll(ADMIN, { [w.site.id]: { assign_mode: "service", offer_timeout_seconds: "120", prefer_previous_agent: "1" } }, {});
    // Two agents, neither available for this site: alice (its department) is away; bob is
    // online but in another department, so the widget shows online yet nobody can take the chat.
    const retail = s.departments.create({ name: "零售部" }, ADMIN);
    const corporate = s.departments.create({ name: "对公部" }, ADMIN);
    const alice = s.agents.byUsername("alice")!;
    const bob = await w.t.createAgent("bob");
    w.t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [retail.id, w.site.id]);
    w.t.db.run("UPDATE agents SET department_id = ? WHERE id = ?", [retail.id, alice.id]);
    w.t.db.run("UPDATE agents SET department_id = ? WHERE id = ?", [corporate.id, bob.id]);
    const console = await consolePage(suite.browser, w.base, "alice");
    suite.cleanups.push(() => console.context.close());
    s.agents.setServiceStatus(alice.id, "away");
    const other = await agentDriver(w.base, "bob");
    suite.cleanups.push(() => other.close());

    const v = await visitorPage(suite.browser, { locale: "zh-CN" });
    suite.cleanups.push(() => v.context.close());
    await v.page.goto(w.host.url("/"));
    await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    await openChat(v.page);
    await sendFromWidget(v.page, "我想办理信用卡");

    // First in the queue: nobody ahead, about five minutes (no history, one slot assumed).
    const queueLine = v.page.locator("yingke-widget .yk-queue");
    await queueLine.waitFor({ state: "visible", timeout: 15_000 });
    expect(await queueLine.textContent()).toBe(ZH.queue.replace("{n}", "0").replace("{m}", "5"));
    const waiting = s.chat.waiting();
    expect(waiting).toHaveLength(1);
    expect(s.routing.pendingOffer(waiting[0].id)).toBeNull();

    // alice comes back: the chat is offered to her, marked in her waiting list.
    s.agents.setServiceStatus(alice.id, "online");
    const offered = console.page.locator(`${C.waiting}.offered`);
    await offered.waitFor({ timeout: 15_000 });
    expect(await offered.locator(".badge.offer").textContent()).toBe("已分配给您");
    expect(await offered.textContent()).toContain("我想办理信用卡");
    // bob cannot take it (another department): 403.
    expect((await other.api("POST", `/api/conversations/${waiting[0].id}/accept`)).status).toBe(403);
    await offered.locator("button.accept").click();
    await console.page.locator(C.tabs).first().waitFor();
    await console.page.locator(C.visitorMsgs, { hasText: "我想办理信用卡" }).waitFor();
    await until(() => s.chat.get(waiting[0].id)!.status, (st) => st === "active", "accepted");
    expect(s.chat.get(waiting[0].id)!.agent_id).toBe(alice.id);

    // The queue line goes once the chat is taken; the reply arrives in the widget.
    await queueLine.waitFor({ state: "hidden" });
    await console.page.locator(C.composer).fill("您好，我来为您办理");
    await console.page.locator(C.composer).press("Enter");
    await v.page.locator(W.agentMessages, { hasText: "您好，我来为您办理" }).waitFor();
    expect(console.problems).toEqual([]);
    expect(await console.csp()).toEqual([]);
  }, 120_000);
});
