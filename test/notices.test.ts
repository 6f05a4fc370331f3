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
    expect((await post({ title: "x", audience_kind: "department", audience_ids: [999] })).body.error.field).toBe("audience_ids");
    expect((await post({ title: "x", audience_kind: "department", audience_ids: [] })).body.error.field).toBe("audience_ids");
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
    expect(page).toMatch(/<ul class="read-list"[^>]*><li data-agent="\d+">alice name/);
  }, 20_000);
});

describe("notices to a department (M4)", () => {
  it("reaches the department's members, including one who joins during the window, and the sender sees who read it", async () => {
    const { t, agent } = teamApp();
    const sales = t.services.departments.create({ name: "销售部" }, admin);
    const support = t.services.departments.create({ name: "客服部" }, admin);
    const boss = await agent("boss", "supervisor");
    const alice = await agent("alice");
    const bob = await agent("bob");
    const carol = await agent("carol");
    t.services.departments.setAgentDepartment(alice.id, sales.id, admin);
    t.services.departments.setAgentDepartment(bob.id, support.id, admin);
    const aliceWs = await alice.connect();
    const bobWs = await bob.connect();

    const sent = await boss.api("POST", "/api/notices", { title: "销售例会", body: "周一 9:00", audience_kind: "department", audience_ids: [sales.id] });
    expect(sent.status).toBe(200);
    const id = sent.body.notice.id;
    await aliceWs.next((f) => f.type === "notice" && f.notice.id === id, "alice's department notice");
    const audit = t.db.query("SELECT detail FROM audit_log WHERE action = 'notice.send'").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ audience: "department", ids: [sales.id] });

    // Bob is in another department, Carol in none (yet): neither gets it.
    const marker = await boss.api("POST", "/api/notices", { title: "marker", audience_kind: "agents", audience_ids: [bob.id] });
    await bobWs.next((f) => f.type === "notice" && f.notice.id === marker.body.notice.id, "bob's marker");
    expect(bobWs.frames.filter((f) => f.type === "notice" && f.notice.id === id)).toEqual([]);
    expect((await carol.api("GET", "/api/notices")).body.active).toEqual([]);
    expect((await carol.api("POST", `/api/notices/${id}/ack`)).status).toBe(404);

    // Carol joins the department during the window and signs in later: the popup comes with the connection.
    t.services.departments.setAgentDepartment(carol.id, sales.id, admin);
    const carolWs = await carol.connect();
    const frame = await carolWs.next((f) => f.type === "notice" && f.notice.id === id, "late joiner's notice");
    expect(frame.notice).toMatchObject({ title: "销售例会", body: "周一 9:00", readAt: null });

    t.clock.advance(5_000);
    expect((await alice.api("POST", `/api/notices/${id}/ack`)).status).toBe(200);
    let reads = (await boss.api("GET", `/api/notices/${id}/reads`)).body;
    expect(reads.read).toEqual([{ agentId: alice.id, displayName: "alice name", username: "alice", readAt: t.clock.now() }]);
    expect(reads.unread.map((r: any) => r.agentId)).toEqual([carol.id]);

    // The sender's page lists names with read times, and redraws itself.
    let page = await (await boss.b.get(`/admin/notices/${id}`)).text();
    expect(page).toContain("指定部门 Departments：销售部");
    expect(page).toMatch(/<ul class="read-list"[^>]*><li data-agent="\d+">alice name <small>\(alice\)<\/small> <time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/time><\/li><\/ul>/);
    expect(page).toMatch(/<ul class="unread-list"[^>]*><li data-agent="\d+">carol name/);
    expect(page).toContain('hx-trigger="every 3s" hx-select="#notice-reads"');

    await carol.api("POST", `/api/notices/${id}/ack`);
    reads = (await boss.api("GET", `/api/notices/${id}/reads`)).body;
    expect(reads.read.map((r: any) => r.agentId)).toEqual([alice.id, carol.id]);
    expect(reads.unread).toEqual([]);
    page = await (await boss.b.get(`/admin/notices/${id}`)).text();
    expect(page).toContain('<span class="unread-count">0</span>');
  }, 20_000);

  it("a department admin sends only inside their department and sees only those notices", async () => {
    const { t, agent } = teamApp();
    const sales = t.services.departments.create({ name: "销售部" }, admin);
    const support = t.services.departments.create({ name: "客服部" }, admin);
    const boss = await agent("boss", "supervisor");
    const dana = await agent("dana", "department_admin");
    const alice = await agent("alice");
    const bob = await agent("bob");
    for (const [who, d] of [[dana, sales], [alice, sales], [bob, support]] as const) t.services.departments.setAgentDepartment(who.id, d.id, admin);
    const salesGroup = t.services.groups.create(admin, { name: "销售一组", member_ids: [String(alice.id)] });
    const supportGroup = t.services.groups.create(admin, { name: "售后组", member_ids: [String(bob.id)] });
    t.db.run("UPDATE agent_groups SET department_id = ? WHERE id = ?", [sales.id, salesGroup.id]);
    t.db.run("UPDATE agent_groups SET department_id = ? WHERE id = ?", [support.id, supportGroup.id]);

    const send = (audience_kind: string, audience_ids: number[] = []) => dana.api("POST", "/api/notices", { title: "t", audience_kind, audience_ids });
    const refused = async (r: Promise<{ status: number; body: any }>, field: string) => {
      const res = await r;
      expect(res.status).toBe(403);
      expect(res.body.error.field).toBe(field);
    };
    await refused(send("all"), "audience_kind");
    await refused(send("department", [support.id]), "audience_ids");
    await refused(send("department", [sales.id, support.id]), "audience_ids");
    await refused(send("group", [supportGroup.id]), "audience_ids");
    await refused(send("agents", [alice.id, bob.id]), "audience_ids");
    expect(t.db.query("SELECT count(*) AS n FROM notices").get()).toEqual({ n: 0 });
    const own = [(await send("department", [sales.id])).body.notice.id, (await send("group", [salesGroup.id])).body.notice.id, (await send("agents", [alice.id])).body.notice.id];

    // Notices that reach beyond her department stay out of her view; one addressed inside it does not.
    const toAll = (await boss.api("POST", "/api/notices", { title: "全体", audience_kind: "all" })).body.notice.id;
    const toSupport = (await boss.api("POST", "/api/notices", { title: "客服部通知", audience_kind: "department", audience_ids: [support.id] })).body.notice.id;
    const toSales = (await boss.api("POST", "/api/notices", { title: "销售部通知", audience_kind: "department", audience_ids: [sales.id] })).body.notice.id;
    for (const id of [toAll, toSupport]) {
      expect((await dana.api("GET", `/api/notices/${id}/reads`)).status).toBe(404);
      expect((await dana.b.get(`/admin/notices/${id}`)).status).toBe(404);
    }
    expect((await dana.api("GET", `/api/notices/${toSales}/reads`)).status).toBe(200);
    const list = await (await dana.b.get("/admin/notices")).text();
    const listed = [...list.matchAll(/href="\/admin\/notices\/(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(listed).toEqual([...own, toSales].sort((a, b) => a - b));
    // Her pickers offer her own department, its groups and its agents only, and no "everyone".
    expect(list).not.toContain('<option value="all"');
    expect(list).toContain(`<option value="${sales.id}">销售部</option>`);
    expect(list).not.toContain("客服部</option>");
    expect(list).toContain("销售一组</option>");
    expect(list).not.toContain("售后组</option>");
    expect(list).toContain("alice name (alice) · 销售部</option>");
    expect(list).not.toContain("bob name");
    // The organisation-wide sender sees all of them.
    const bossList = await (await boss.b.get("/admin/notices")).text();
    expect([...bossList.matchAll(/href="\/admin\/notices\/(\d+)"/g)]).toHaveLength(6);

    // The admin form refuses out-of-scope recipients with the error on the picker in use.
    await dana.b.get("/admin/notices");
    const bad = await dana.b.post("/admin/notices", { title: "越权", audience_kind: "agents", agent_ids: String(bob.id) });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toMatch(/name="agent_ids"[^>]*aria-invalid="true"/);
    await dana.b.get("/admin/notices");
    const ok = await dana.b.post("/admin/notices", { title: "部门会议", audience_kind: "department", department_ids: String(sales.id) });
    expect(ok.status).toBe(303);
    expect(t.services.notices.recent(1)[0]).toMatchObject({ title: "部门会议", audience_kind: "department" });
  }, 20_000);

  it("the admin form sends to a department chosen from the picker, with field errors for the window", async () => {
    const { t, agent } = teamApp();
    const sales = t.services.departments.create({ name: "销售部" }, admin);
    const boss = await agent("boss", "supervisor");
    const b = boss.b;
    await b.get("/admin/notices");
    expect(b.lastHtml).toContain(`<option value="${sales.id}">销售部</option>`);
    const empty = await b.post("/admin/notices", { title: "t", audience_kind: "department" });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/name="department_ids"[^>]*aria-invalid="true"/);
    await b.get("/admin/notices");
    const backwards = await b.post("/admin/notices", { title: "t", audience_kind: "department", department_ids: String(sales.id), starts_at: "2030-01-02T10:00", ends_at: "2030-01-01T10:00" });
    expect(backwards.status).toBe(422);
    const html = await backwards.text();
    expect(html).toMatch(/name="ends_at"[^>]*aria-invalid="true"/);
    expect(html).toContain(`<option value="${sales.id}" selected>销售部</option>`);
    await b.get("/admin/notices");
    expect((await b.post("/admin/notices", { title: "t", audience_kind: "department", department_ids: String(sales.id) })).status).toBe(303);
    expect(t.services.notices.recent(1)[0].audience_kind).toBe("department");
  }, 20_000);
});
