import { describe, expect, it } from "bun:test";
import { cid } from "./frames.ts";
import { careWorld } from "./care-world.ts";

/** The visitor panel (A17): profile, visit details and trail, previous chats; editing name, notes and contact. */
describe("visitor panel", () => {
  it("shows profile, the current visit with search words and trail, and previous chats with message counts and evaluations", async () => {
    const w = await careWorld();
    const alice = await w.agent("alice");
    const topic = w.t.services.care.topics.create({ id: null, name: "test" }, "退货 Returns");
    const v = await w.visitor();
    const vid = w.idOf(v);
    v.send({ type: "send", cid: cid(), body: "one" });
    const m = await alice.ws.next((f) => f.type === "message" && f.body === "one", "message");
    await alice.api("POST", `/api/conversations/${m.conversationId}/accept`);
    await alice.api("POST", `/api/conversations/${m.conversationId}/messages`, { cid: cid(), body: "reply" });
    await alice.api("POST", `/api/conversations/${m.conversationId}/end`);
    await alice.api("PUT", `/api/conversations/${m.conversationId}/evaluation`, { topicId: topic.id, verdict: "valuable", note: "ok" });

    const r = await alice.api("GET", `/api/visitors/${vid}`);
    expect(r.status).toBe(200);
    const p = r.body;
    expect(p.visitor).toMatchObject({ id: vid, name: "", visitCount: 1 });
    expect(p.visitor.firstSeenAt).toBeGreaterThan(0);
    expect(p.online).toBe(true);
    expect(p.visit).toMatchObject({ searchEngine: expect.any(String), searchKeyword: "蓝色", landingUrl: "https://shop.example.test/blue?utm=1", browser: expect.stringContaining("Chrome"), os: expect.stringContaining("Windows") });
    expect(p.visit.trail).toHaveLength(1);
    expect(p.visit.trail[0]).toMatchObject({ url: "https://shop.example.test/blue?utm=1", title: "Blue" });
    expect(p.block).toBeNull();
    expect(p.conversations).toHaveLength(1);
    expect(p.conversations[0]).toMatchObject({ id: m.conversationId, status: "ended", agentId: alice.row.id, agentName: "alice name", messageCount: 2, evaluation: { topicId: topic.id, topicName: "退货 Returns", verdict: "valuable", note: "ok" } });
    // The transcript comes from the existing messages route.
    const transcript = await alice.api("GET", `/api/conversations/${m.conversationId}/messages`);
    expect(transcript.body.messages.filter((x: any) => x.kind === "text").map((x: any) => x.body)).toEqual(["one", "reply"]);
    expect((await alice.api("GET", "/api/visitors/987654")).status).toBe(404);
  }, 30_000);

  it("edits name, notes and contact with field errors, audits it and pushes a `visitor` update", async () => {
    const w = await careWorld();
    // Changing contact details needs visitor.contact (X8): a supervisor holds it.
    const alice = await w.agent("alice", "supervisor");
    const v = await w.visitor();
    const vid = w.idOf(v);
    const put = (body: unknown) => alice.api("PUT", `/api/visitors/${vid}`, body);
    const field = async (body: unknown, name: string) => {
      const r = await put(body);
      expect(r.status).toBe(422);
      expect(r.body.error.field).toBe(name);
    };
    await field({ name: "x".repeat(65) }, "name");
    await field({ note: "x".repeat(1001) }, "note");
    await field({ email: "not-an-email" }, "email");
    await field({ phone: "call me maybe" }, "phone");
    await field({ company: "c".repeat(101) }, "company");
    await field({ name: 42 }, "name");
    expect(w.t.services.visitors.get(vid)).toMatchObject({ name: "", note: "" });

    const hostile = `<img src=x onerror=alert(1)>王先生`;
    const r = await put({ name: hostile, note: "VIP，回访 follow up", phone: "+86 138-0000-0000", email: "wang@example.cn", company: "某局" });
    expect(r.status).toBe(200);
    expect(r.body.visitor).toMatchObject({ name: hostile, note: "VIP，回访 follow up", phone: "+86 138-0000-0000", email: "wang@example.cn", company: "某局" });
    await alice.ws.next((f) => f.type === "visitor" && f.visitor.id === vid && f.visitor.name === hostile, "visitor update");
    const row = w.t.db.query("SELECT detail FROM audit_log WHERE action = 'visitor.update'").get() as { detail: string };
    expect(JSON.parse(row.detail).fields.sort()).toEqual(["company", "email", "name", "note", "phone"]);
    // Contact values stay out of the audit log.
    expect(row.detail).not.toContain("wang@example.cn");
    // Fields left out keep their value; empty strings clear.
    expect((await put({ note: "" })).body.visitor).toMatchObject({ name: hostile, note: "" });
  }, 30_000);
});
