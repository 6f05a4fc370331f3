import { describe, expect, it } from "bun:test";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { cid } from "./frames.ts";
import { browserSuite, onlineVisitor, storedMessages, until, W } from "./host-page.ts";

/**
 * An agent reaching out to a visitor on a customer's page (another origin), in real Chromium:
 * invitation accepted, proactive chat, a pushed page that opens only after the visitor agrees,
 * and the satisfaction survey.
 */
const suite = browserSuite();

async function world() {
  const w = await onlineVisitor(suite);
  // The agent's list learns the visitor's id from the live visitor frames.
  const row = await w.agent.ws.next((f) => f.type === "visitor" && f.visitor?.currentUrl?.startsWith(w.world.host.origin), "visitor row", 30_000);
  return { ...w, visitorId: row.visitor.id as number };
}

async function proactive(w: Awaited<ReturnType<typeof world>>, body: string) {
  const r = await w.agent.api("POST", `/api/visitors/${w.visitorId}/proactive`, { cid: cid(), body });
  expect(r.status).toBe(200);
  await w.page.locator(W.agentMessages, { hasText: body }).waitFor();
  return r.body.conversation.id as number;
}

describe("an agent reaching out", () => {
  it("invitation: shown with the agent's name and text; accepting opens the chat with that agent", async () => {
    const w = await world();
    const r = await w.agent.api("POST", `/api/visitors/${w.visitorId}/invitations`, { text: "Need a hand with sizes? <b>" });
    expect(r.status).toBe(200);
    const invite = w.page.locator("yingke-widget .inv");
    await invite.waitFor();
    expect(await invite.locator("h3").textContent()).toBe("alice name would like to chat with you");
    expect(await invite.locator("p").textContent()).toBe("Need a hand with sizes? <b>");
    // Shown without taking focus from the page.
    expect(await w.page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
    await invite.locator("button", { hasText: EN.inviteAccept }).click();
    await w.page.locator(W.input).waitFor({ state: "visible" });
    const outcome = await w.agent.ws.next((f) => f.type === "invitation", "invitation outcome", 30_000);
    expect(outcome.status).toBe("accepted");
    expect(await until(() => w.page.locator("yingke-widget .sub").textContent(), (x) => !!x?.includes("alice name"), "agent in the header")).toContain("alice name");
    await w.page.locator(W.input).fill("Yes, size M please");
    await w.page.locator(W.input).press("Enter");
    const m = await w.agent.message((f) => f.body === "Yes, size M please", "visitor reply");
    expect(m.conversationId).toBe(outcome.conversationId);
    expect(w.errors).toEqual([]);
  }, 60_000);

  it("proactive chat: the panel opens showing the agent's first message", async () => {
    const w = await world();
    expect(await w.page.locator(W.panel).isVisible()).toBe(false);
    const id = await proactive(w, "Hello! Looking for anything in particular?");
    await w.page.locator(W.panel).waitFor({ state: "visible" });
    expect(storedMessages(w.world.t, id).map((m) => [m.seq, m.sender])).toEqual([[1, "agent"]]);
    expect(w.errors).toEqual([]);
  }, 60_000);

  it("pushed page: the link shows in the chat, and the page changes only after the visitor chooses Open", async () => {
    const w = await world();
    const id = await proactive(w, "Let me show you the size chart.");
    const target = w.world.host.url("/size-chart");
    expect((await w.agent.api("POST", `/api/conversations/${id}/push-url`, { url: "javascript:alert(1)" })).status).toBe(422);
    expect((await w.agent.api("POST", `/api/conversations/${id}/push-url`, { url: target })).status).toBe(200);
    await w.page.locator(`${W.agentMessages} a[href="${target}"]`).waitFor();
    const banner = w.page.locator(W.banner);
    await banner.locator("button", { hasText: EN.openPage }).waitFor();
    expect(await banner.textContent()).toContain(EN.pushUrlTitle);
    expect(await banner.locator(".url").textContent()).toBe(target);
    expect(new URL(w.page.url()).pathname).toBe("/");
    // Cancel leaves the visitor where they are.
    await banner.locator("button", { hasText: EN.cancel }).click();
    expect(new URL(w.page.url()).pathname).toBe("/");
    await w.agent.api("POST", `/api/conversations/${id}/push-url`, { url: target });
    await Promise.all([w.page.waitForURL(target), banner.locator("button", { hasText: EN.openPage }).click()]);
    expect(w.page.url()).toBe(target);
    expect(w.dialogs).toEqual([]);
  }, 60_000);

  it("survey: the visitor picks a level and comments; stored and relayed to the agent", async () => {
    const w = await world();
    const id = await proactive(w, "Anything else?");
    expect((await w.agent.api("POST", `/api/conversations/${id}/push-survey`)).status).toBe(200);
    const legend = w.page.locator("yingke-widget fieldset legend");
    await legend.waitFor();
    expect(await legend.textContent()).toBe(EN.surveyTitle);
    await w.page.locator("yingke-widget .lvo label").filter({ hasText: new RegExp(`^${EN.level4}$`) }).click();
    await w.page.locator('yingke-widget textarea[name="comment"]').fill("Quick and friendly");
    await w.page.locator("yingke-widget button", { hasText: EN.surveySubmit }).click();
    const rating = await w.agent.ws.next((f) => f.type === "rating", "rating frame", 30_000);
    expect(rating).toMatchObject({ conversationId: id, level: 4, comment: "Quick and friendly" });
    await w.page.locator(W.banner, { hasText: EN.ratingThanks }).waitFor();
    expect(w.world.t.db.query("SELECT level, comment FROM conversation_ratings WHERE conversation_id = ?").get(id)).toEqual({ level: 4, comment: "Quick and friendly" });
    expect(w.errors).toEqual([]);
  }, 60_000);
});
