import { describe, expect, it } from "bun:test";
import { cid } from "./frames.ts";
import { careWorld } from "./care-world.ts";

/** Chat evaluation (A12): topics, who may evaluate, the to-evaluate counter and its frame, the sign-out list. */
async function endedChat(w: Awaited<ReturnType<typeof careWorld>>, agent: Awaited<ReturnType<Awaited<ReturnType<typeof careWorld>>["agent"]>>, body: string) {
  const v = await w.visitor();
  v.send({ type: "send", cid: cid(), body });
  const m = await agent.ws.next((f) => f.type === "message" && f.body === body, body);
  expect((await agent.api("POST", `/api/conversations/${m.conversationId}/accept`)).status).toBe(200);
  expect((await agent.api("POST", `/api/conversations/${m.conversationId}/end`)).status).toBe(200);
  return { v, conversationId: m.conversationId as number };
}

describe("evaluation", () => {
  it("counts ended chats to evaluate, pushes `counters`, lists them for the sign-out reminder, and saves an evaluation", async () => {
    const w = await careWorld();
    const actor = { id: null, name: "test" };
    const billing = w.t.services.care.topics.create(actor, "账单 Billing");
    const old = w.t.services.care.topics.create(actor, "旧话题 Old");
    w.t.services.care.topics.setDisabled(actor, old.id, true);
    const alice = await w.agent("alice");
    expect((await alice.api("GET", "/api/me/counters")).body).toEqual({ toEvaluate: 0 });

    const { conversationId } = await endedChat(w, alice, "first chat");
    const pushed = await alice.ws.next((f) => f.type === "counters" && f.toEvaluate === 1, "counters after end");
    expect(pushed).toEqual({ type: "counters", toEvaluate: 1 });
    expect((await alice.api("GET", "/api/me/counters")).body).toEqual({ toEvaluate: 1 });
    const list = (await alice.api("GET", "/api/me/unevaluated")).body.conversations;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: conversationId, visitorName: "" });
    expect(list[0].endedAt).toBeGreaterThan(0);

    // Only enabled topics are offered.
    expect((await alice.api("GET", "/api/topics")).body.topics).toEqual([{ id: billing.id, name: "账单 Billing" }]);

    // Wrong input is refused with its field; nothing is stored.
    const put = (body: unknown) => alice.api("PUT", `/api/conversations/${conversationId}/evaluation`, body);
    expect((await put({ topicId: old.id, verdict: "valuable" })).body.error.field).toBe("topicId");
    expect((await put({ topicId: 9999, verdict: "valuable" })).body.error.field).toBe("topicId");
    expect((await put({ topicId: billing.id, verdict: "great" })).body.error.field).toBe("verdict");
    expect((await put({ topicId: billing.id, verdict: "valuable", note: "x".repeat(1001) })).body.error.field).toBe("note");
    expect((await put({ topicId: null, verdict: "", note: "only a note" })).status).toBe(422);
    expect(w.t.db.query("SELECT count(*) AS n FROM conversation_evaluations").get()).toEqual({ n: 0 });

    const saved = await put({ topicId: billing.id, verdict: "valuable", note: "  asked about <b>invoice</b>  " });
    expect(saved.status).toBe(200);
    expect(saved.body.evaluation).toMatchObject({ conversationId, topicId: billing.id, verdict: "valuable", note: "asked about <b>invoice</b>", agentId: alice.row.id });
    await alice.ws.next((f) => f.type === "counters" && f.toEvaluate === 0, "counters after evaluating");
    expect((await alice.api("GET", "/api/me/unevaluated")).body.conversations).toEqual([]);
    expect((await alice.api("GET", `/api/conversations/${conversationId}/evaluation`)).body.evaluation).toMatchObject({ verdict: "valuable" });
    // Saving again updates the one evaluation.
    expect((await put({ topicId: billing.id, verdict: "invalid", note: "" })).body.evaluation.verdict).toBe("invalid");
    expect(w.t.db.query("SELECT count(*) AS n FROM conversation_evaluations").get()).toEqual({ n: 1 });
  }, 30_000);

  it("can be saved during the chat by its agent; others need history.evaluate", async () => {
    const w = await careWorld();
    const alice = await w.agent("alice");
    const bob = await w.agent("bob");
    const sue = await w.agent("sue", "supervisor");
    const v = await w.visitor();
    v.send({ type: "send", cid: cid(), body: "during" });
    const m = await alice.ws.next((f) => f.type === "message" && f.body === "during", "message");
    expect((await alice.api("POST", `/api/conversations/${m.conversationId}/accept`)).status).toBe(200);
    const path = `/api/conversations/${m.conversationId}/evaluation`;
    expect((await alice.api("PUT", path, { verdict: "valuable" })).status).toBe(200);
    expect((await bob.api("PUT", path, { verdict: "invalid" })).status).toBe(403);
    expect((await bob.api("GET", path)).status).toBe(403);
    const bySupervisor = await sue.api("PUT", path, { verdict: "invalid", note: "reviewed" });
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.evaluation.agentId).toBe(sue.row.id);
    expect((await alice.api("PUT", `/api/conversations/777777/evaluation`, { verdict: "valuable" })).status).toBe(404);
    // An evaluated chat that ends is not counted.
    expect((await alice.api("POST", `/api/conversations/${m.conversationId}/end`)).status).toBe(200);
    await alice.ws.next((f) => f.type === "counters", "counters after end");
    expect((await alice.api("GET", "/api/me/counters")).body).toEqual({ toEvaluate: 0 });
  }, 30_000);
});
