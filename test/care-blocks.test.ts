import { describe, expect, it } from "bun:test";
import { cid } from "./frames.ts";
import { careWorld, waitFor } from "./care-world.ts";

/** Blocking a visitor (A11), enforced by the server over the real visitor WebSocket. */
const audit = (w: Awaited<ReturnType<typeof careWorld>>) => w.t.db.query("SELECT action, target_id, detail FROM audit_log ORDER BY id").all() as { action: string; target_id: string; detail: string }[];

describe("visitor blocks", () => {
  it("refuse chat: ends the open chat, refuses new messages with `blocked`, keeps leave messages; lift restores chat", async () => {
    const w = await careWorld();
    const alice = await w.agent("alice");
    const v = await w.visitor();
    const vid = w.idOf(v);
    v.send({ type: "send", cid: cid(), body: "hello" });
    const first = await alice.ws.next((f) => f.type === "message" && f.body === "hello", "first message");
    expect((await alice.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);

    const r = await alice.api("POST", `/api/visitors/${vid}/block`, { mode: "refuse_chat", reason: "骚扰 abuse", expiresMinutes: 60 });
    expect(r.status).toBe(200);
    expect(r.body.block).toMatchObject({ mode: "refuse_chat", reason: "骚扰 abuse" });
    expect(r.body.block.expiresAt).toBe(w.t.clock.now() + 60 * 60_000);
    // The visitor learns at once, and their chat is ended by the system.
    await v.next((f) => f.type === "blocked" && f.mode === "refuse_chat", "blocked frame");
    await v.next((f) => f.type === "conversation" && f.status === "ended" && f.endedBy === "system", "chat ended");
    // The agents' list shows the block.
    await alice.ws.next((f) => f.type === "visitor" && f.visitor.id === vid && f.visitor.blocked === "refuse_chat", "visitor row with the block");
    // The panel shows the active block; the IP is kept for the record.
    const panel = await alice.api("GET", `/api/visitors/${vid}`);
    expect(panel.body.block).toMatchObject({ id: r.body.block.id, mode: "refuse_chat" });
    expect((w.t.db.query("SELECT ip_cidr FROM visitor_blocks WHERE id = ?").get(r.body.block.id) as { ip_cidr: string }).ip_cidr).toBe("127.0.0.1");

    // New messages are refused with a clear error, nothing is stored.
    const before = (w.t.db.query("SELECT count(*) AS n FROM messages").get() as { n: number }).n;
    const c = cid();
    v.send({ type: "send", cid: c, body: "let me in" });
    const err = await v.next((f) => f.type === "error" && f.cid === c, "blocked error");
    expect(err.code).toBe("blocked");
    expect(err.message).toContain("chat is not available");
    expect((w.t.db.query("SELECT count(*) AS n FROM messages").get() as { n: number }).n).toBe(before);
    // Uploads are refused too.
    const form = new FormData();
    form.append("file", new File(["hello"], "a.txt"));
    const up = await fetch(`${w.base}/rt/visitor/files?site=${w.site.site_key}&token=${encodeURIComponent(v.frames[0].token)}`, { method: "POST", headers: { origin: "http://shop.example.test" }, body: form });
    expect(up.status).toBe(403);
    expect((await up.json()).error.code).toBe("blocked");
    // A reconnect says so in `connected`, and leave messages still work.
    const again = await w.visitor(v.frames[0].token, false);
    expect(again.frames[0].blocked).toBe("refuse_chat");
    const lc = cid();
    again.send({ type: "leave", cid: lc, content: "please call me", phone: "13800000000" });
    expect((await again.next((f) => f.type === "ack" && f.cid === lc, "leave ack")).leaveMessageId).toBeGreaterThan(0);

    // Lift: the visitor may chat again.
    const lift = await alice.api("DELETE", `/api/blocks/${r.body.block.id}`);
    expect(lift.status).toBe(200);
    expect(lift.body.lifted).toBe(true);
    await again.next((f) => f.type === "unblocked", "unblocked frame");
    const c2 = cid();
    again.send({ type: "send", cid: c2, body: "thanks" });
    await again.next((f) => f.type === "ack" && f.cid === c2, "ack after lift");
    expect((await alice.api("GET", `/api/visitors/${vid}`)).body.block).toBeNull();
    const actions = audit(w).map((a) => a.action);
    expect(actions).toContain("visitor.block");
    expect(actions).toContain("visitor.unblock");
    expect(JSON.parse(audit(w).find((a) => a.action === "visitor.block")!.detail)).toMatchObject({ mode: "refuse_chat", reason: "骚扰 abuse" });
  }, 30_000);

  it("hide: the channel answers `blocked` and closes, at once for a live visitor and on every reconnect", async () => {
    const w = await careWorld();
    const alice = await w.agent("alice");
    const v = await w.visitor();
    const vid = w.idOf(v);
    const r = await alice.api("POST", `/api/visitors/${vid}/block`, { mode: "hide", reason: "spam", expiresMinutes: null });
    expect(r.status).toBe(200);
    expect(r.body.block.expiresAt).toBeNull();
    await v.next((f) => f.type === "blocked" && f.mode === "hide", "hide frame");
    // The live channel is closed by the server.
    await waitFor(() => v.closed !== null, "live channel closed");
    expect(v.closed!.code).toBe(4003);

    const raw = w.rawVisitor(v.frames[0].token);
    await waitFor(() => raw.closed !== null, "reconnect refused");
    expect(raw.frames).toEqual([{ type: "blocked", mode: "hide", message: expect.any(String) }]);
    expect(raw.closed!.code).toBe(4003);
    expect((w.t.db.query("SELECT count(*) AS n FROM conversations").get() as { n: number }).n).toBe(0);
    // The HTTP fallback says the same and ends the stream.
    const sse = await fetch(`${w.base}/rt/visitor/stream?site=${w.site.site_key}&token=${encodeURIComponent(v.frames[0].token)}`, { headers: { origin: "http://shop.example.test" } });
    const text = await sse.text();
    expect(text).toContain('data: {"type":"blocked","mode":"hide"');
    expect(text).not.toContain('"type":"connected"');
  }, 30_000);

  it("expired blocks stop applying without a restart", async () => {
    const w = await careWorld();
    const alice = await w.agent("alice");
    const v = await w.visitor();
    const vid = w.idOf(v);
    expect((await alice.api("POST", `/api/visitors/${vid}/block`, { mode: "hide", reason: "cool down", expiresMinutes: 15 })).status).toBe(200);
    await v.next((f) => f.type === "blocked", "hide frame");
    const refused = w.rawVisitor(v.frames[0].token);
    await waitFor(() => refused.closed !== null, "refused while blocked");
    w.t.clock.advance(15 * 60_000 + 1);
    const back = await w.visitor(v.frames[0].token, false);
    expect(back.frames[0].type).toBe("connected");
    expect(back.frames[0].blocked).toBeUndefined();
    const c = cid();
    back.send({ type: "send", cid: c, body: "hello again" });
    await back.next((f) => f.type === "ack" && f.cid === c, "ack after expiry");
    expect((await alice.api("GET", `/api/visitors/${vid}`)).body.block).toBeNull();
  }, 30_000);

  it("checks permission and input: visitor.block required, reason 1–200 characters, sensible expiry, known mode", async () => {
    const w = await careWorld();
    const alice = await w.agent("alice");
    const v = await w.visitor();
    const vid = w.idOf(v);
    const bad = async (body: unknown, field: string) => {
      const r = await alice.api("POST", `/api/visitors/${vid}/block`, body);
      expect(r.status).toBe(422);
      expect(r.body.error.field).toBe(field);
    };
    await bad({ mode: "refuse_chat", reason: "   ", expiresMinutes: 60 }, "reason");
    await bad({ mode: "refuse_chat", reason: "x".repeat(201), expiresMinutes: 60 }, "reason");
    await bad({ mode: "ban", reason: "x", expiresMinutes: 60 }, "mode");
    await bad({ mode: "hide", reason: "x", expiresMinutes: 0 }, "expiresMinutes");
    await bad({ mode: "hide", reason: "x", expiresMinutes: 1.5 }, "expiresMinutes");
    await bad({ mode: "hide", reason: "x", expiresMinutes: 600_000 }, "expiresMinutes");
    expect((w.t.db.query("SELECT count(*) AS n FROM visitor_blocks").get() as { n: number }).n).toBe(0);
    expect((await alice.api("POST", `/api/visitors/999999/block`, { mode: "hide", reason: "x", expiresMinutes: null })).status).toBe(404);

    // A role without visitor.block (auditor) is refused both ways.
    const eve = await w.agent("eve", "auditor");
    expect((await eve.api("POST", `/api/visitors/${vid}/block`, { mode: "hide", reason: "x", expiresMinutes: null })).status).toBe(403);
    const ok = await alice.api("POST", `/api/visitors/${vid}/block`, { mode: "refuse_chat", reason: "x", expiresMinutes: null });
    expect((await eve.api("DELETE", `/api/blocks/${ok.body.block.id}`)).status).toBe(403);
    // A second block replaces the first; lifting twice is harmless.
    const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const second = await alice.api("POST", `/api/visitors/${vid}/block`, { mode: "hide", reason: HOSTILE, expiresMinutes: 60 });
    expect(second.status).toBe(200);
    // The reason reaches the audit log page as text only.
    const auditPage = await (await eve.b.get("/admin/audit")).text();
    expect(auditPage).toContain("visitor.block");
    expect(auditPage).not.toContain(HOSTILE);
    expect(auditPage).not.toContain("<img src=x");
    expect(auditPage).toContain("&lt;script&gt;");
    expect((w.t.db.query("SELECT lifted_at FROM visitor_blocks WHERE id = ?").get(ok.body.block.id) as { lifted_at: number | null }).lifted_at).not.toBeNull();
    expect((await alice.api("DELETE", `/api/blocks/${second.body.block.id}`)).body.lifted).toBe(true);
    expect((await alice.api("DELETE", `/api/blocks/${second.body.block.id}`)).body.lifted).toBe(false);
    expect((await alice.api("DELETE", `/api/blocks/424242`)).status).toBe(404);
  }, 30_000);
});
