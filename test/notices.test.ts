import { afterEach, describe, expect, it } from "bun:test";
import { stopAll, teamApp } from "./team-setup.ts";

afterEach(stopAll);
// Short enough that the sessions (idle timeout) outlive the moved clock.
const MINUTE = 60_000;
const admin = { id: null, name: "test" };

describe("notices", () => {
  it("pops up for online targets only, and to a later sign-in within the window until acknowledged", async () => {
    const { t, agent } = teamApp();
    const boss = await agent("boss", "supervisor");
    const alice = await agent("alice");
    const bob = await agent("bob");
    const carol = await agent("carol");
    const group = t.services.groups.create(admin, { name: "前台", member_ids: [String(alice.id), String(bob.id)] });
    const aliceWs = await alice.connect();
    const carolWs = await carol.connect();

    const sent = await boss.api("POST", "/api/notices", { title: "系统维护", body: "今晚 22:00 维护\n<b>不是 HTML</b>", audience_kind: "group", audience_ids: [group.id] });
    expect(sent.status).toBe(200);
    const id = sent.body.notice.id;
    const frame = await aliceWs.next((f) => f.type === "notice", "notice frame");
    expect(frame.notice).toMatchObject({ id, title: "系统维护", body: "今晚 22:00 维护\n<b>不是 HTML</b>", senderName: "boss name", readAt: null });
    expect(t.db.query("SELECT action, target_id FROM audit_log WHERE action = 'notice.send'").all()).toHaveLength(1);

    // Bob signs in later within the window: the unread notice comes with the connection.
    const bobWs = await bob.connect();
    await bobWs.next((f) => f.type === "notice" && f.notice.id === id, "notice on connect");
    // Carol is not in the group: neither a frame nor the notice in her list.
    await boss.api("POST", "/api/notices", { title: "给 Carol", audience_kind: "agents", audience_ids: [carol.id] });
    await carolWs.next((f) => f.type === "notice" && f.notice.title === "给 Carol", "carol's own notice");
    expect(carolWs.frames.filter((f) => f.type === "notice" && f.notice.id === id)).toEqual([]);
    expect((await carol.api("GET", "/api/notices")).body.active.map((n: any) => n.id)).not.toContain(id);
    expect((await carol.api("POST", `/api/notices/${id}/ack`)).status).toBe(404);

    expect((await alice.api("GET", "/api/notices")).body.active).toMatchObject([{ id, readAt: null }]);
    const acked = await alice.api("POST", `/api/notices/${id}/ack`);
    expect(acked.body.notice.readAt).toBeNumber();
    // Her other consoles learn it, so their popups close too.
    expect((await aliceWs.next((f) => f.type === "notice_read", "notice_read")).id).toBe(id);
    expect((await alice.api("GET", "/api/notices")).body.active[0].readAt).toBeNumber();
    // Acknowledged: the next sign-in brings nothing.
    aliceWs.close();
    const again = await alice.connect();
    await again.next((f) => f.type === "connected", "connected");
    const marker = await boss.api("POST", "/api/notices", { title: "marker", audience_kind: "agents", audience_ids: [alice.id] });
    await again.next((f) => f.type === "notice" && f.notice.id === marker.body.notice.id, "marker");
    expect(again.frames.filter((f) => f.type === "notice" && f.notice.id === id)).toEqual([]);

    const reads = await boss.api("GET", `/api/notices/${id}/reads`);
    expect(reads.body.read.map((r: any) => r.agentId)).toEqual([alice.id]);
    expect(reads.body.unread.map((r: any) => r.agentId)).toEqual([bob.id]);
    expect((await bob.api("GET", `/api/notices/${id}/reads`)).status).toBe(403);
  }, 20_000);

  it("a scheduled notice is delivered when its window opens, and is past after it closes", async () => {
    const { t, agent } = teamApp();
    const boss = await agent("boss", "supervisor");
    const alice = await agent("alice");
    const ws = await alice.connect();
    const now = t.clock.now();
    const sent = await boss.api("POST", "/api/notices", { title: "明天的培训", audience_kind: "all", starts_at: now + MINUTE, ends_at: now + 2 * MINUTE });
    const id = sent.body.notice.id;
    expect(sent.body.notice.deliveredAt).toBeNull();
    expect((await alice.api("GET", "/api/notices")).body.active).toEqual([]);
    expect(t.services.notices.deliverDue()).toBe(0);

    t.clock.advance(MINUTE);
    expect(t.services.notices.deliverDue()).toBe(1);
    await ws.next((f) => f.type === "notice" && f.notice.id === id, "notice at window start");
    expect(t.services.notices.deliverDue()).toBe(0);
    expect((await alice.api("GET", "/api/notices")).body.active.map((n: any) => n.id)).toEqual([id]);

    t.clock.advance(MINUTE);
    const mine = (await alice.api("GET", "/api/notices")).body;
    expect(mine.active).toEqual([]);
    expect(mine.past.map((n: any) => n.id)).toEqual([id]);
    expect((await alice.api("POST", `/api/notices/${id}/ack`)).status).toBe(200);
  }, 20_000);

  it("validates the notice and requires notices.send", async () => {
    const { agent } = teamApp();
    const boss = await agent("boss", "supervisor");
    const alice = await agent("alice");
    const post = (json: unknown) => boss.api("POST", "/api/notices", json);
    expect((await alice.api("POST", "/api/notices", { title: "x" })).status).toBe(403);
    expect((await post({ title: "" })).body.error.field).toBe("title");
    expect((await post({ title: "x".repeat(101) })).body.error.field).toBe("title");
    expect((await post({ title: "x", body: "y".repeat(5001) })).body.error.field).toBe("body");
    expect((await post({ title: "x", audience_kind: "everyone" })).body.error.field).toBe("audience_kind");
    expect((await post({ title: "x", audience_kind: "department", audience_ids: [1] })).body.error.field).toBe("audience_kind");
    expect((await post({ title: "x", audience_kind: "group", audience_ids: [] })).body.error.field).toBe("audience_ids");
    expect((await post({ title: "x", audience_kind: "group", audience_ids: [999] })).body.error.field).toBe("audience_ids");
    expect((await post({ title: "x", audience_kind: "agents", audience_ids: ["abc"] })).body.error.field).toBe("audience_ids");
    expect((await post({ title: "x", starts_at: "2030-01-02T10:00", ends_at: "2030-01-01T10:00" })).body.error.field).toBe("ends_at");
    expect((await post({ title: "x", starts_at: "yesterday" })).body.error.field).toBe("starts_at");
    expect((await alice.api("GET", "/api/notices")).body).toEqual({ active: [], past: [] });
  }, 20_000);
});

describe("admin notices page", () => {
  it("sends a notice, shows field errors in place, and lists who has read it", async () => {
    const { t, agent } = teamApp();
    const boss = await agent("boss", "supervisor");
    const alice = await agent("alice");
    const b = boss.b;
    expect((await alice.b.get("/admin/notices")).status).toBe(403);
    expect((await b.get("/admin/notices")).status).toBe(200);
    expect(b.lastHtml).toContain('href="/admin/notices"');

    const bad = await b.post("/admin/notices", { title: "", body: "text kept", audience_kind: "agents" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/name="title"[^>]*aria-invalid="true"/);
    expect(html).toContain("text kept");
    const noAgents = await b.post("/admin/notices", { title: "t", audience_kind: "agents" });
    expect(noAgents.status).toBe(422);
    expect(await noAgents.text()).toMatch(/name="agent_ids"[^>]*aria-invalid="true"/);

    await b.get("/admin/notices");
    const ok = await b.post("/admin/notices", { title: "<script>x</script>值班安排", body: "周末值班", audience_kind: "agents", agent_ids: String(alice.id) });
    expect(ok.status).toBe(303);
    const n = t.services.notices.recent(1)[0];
    expect(n).toMatchObject({ title: "<script>x</script>值班安排", audience_kind: "agents" });
    await alice.api("POST", `/api/notices/${n.id}/ack`);
    const page = await (await b.get(`/admin/notices/${n.id}`)).text();
    expect(page).not.toContain("<script>x</script>");
    expect(page).toContain("&lt;script&gt;");
    expect(page).toMatch(/<ul class="read-list"[^>]*><li>alice name/);
  }, 20_000);
});
