import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { accessWorld, IPS, waitFor } from "./access-world.ts";
import { socketBrowser } from "./harness.ts";
import { cid } from "./frames.ts";

/** /admin/blocks (M7): add by IP, CIDR or visitor id, errors by field, unblock, audit, scope, and the effect on live visitors. */
const sys = { id: null, name: "test" };

async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  await b.get("/admin/blocks");
  return b;
}
const form = (o: Record<string, string> = {}) => ({ kind: "ip", target: "203.0.113.0/24", site_id: "", mode: "hide", expires: "1440", reason: "爬虫 crawler", ...o });
/** The field carries the error next to it: aria-invalid, described by its message. */
const fieldError = (html: string, name: string) => {
  const m = new RegExp(`<(?:input|select)[^>]*name="${name}"[^>]*aria-invalid="true" aria-describedby="err-${name}"`).exec(html);
  const msg = new RegExp(`<span class="field-error" id="err-${name}" role="alert">([^<]*)`).exec(html);
  return m && msg ? msg[1] : null;
};

describe("admin: visitor blocking page", () => {
  it("refuses bad input with the error next to the field and keeps what was typed", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "Shop", allowed_origins: "https://shop.example", default_language: "zh-CN" }, sys);
    const other = t.services.sites.create({ name: "Other", allowed_origins: "https://other.example", default_language: "zh-CN" }, sys);
    const v = t.services.visitors.identify(site.id, null).visitor;
    const b = await signedIn(t, "root", "admin");
    const cases: [Record<string, string>, string, RegExp][] = [
      [form({ target: "" }), "target", /IP/],
      [form({ target: "10.0.0.0/33" }), "target", /CIDR/],
      [form({ target: "shop.example" }), "target", /CIDR/],
      [form({ kind: "visitor", target: "999999" }), "target", /visitor/],
      [form({ kind: "visitor", target: "abc" }), "target", /visitor/],
      [form({ kind: "visitor", target: String(v.id), site_id: String(other.id) }), "site_id", /site/],
      [form({ kind: "hostname" }), "kind", /block by/],
      [form({ site_id: "424242" }), "site_id", /site/],
      [form({ mode: "shout" }), "mode", /refuse chat or hide/],
      [form({ expires: "99999999" }), "expires", /expiry/],
      [form({ expires: "soon" }), "expires", /expiry/],
      [form({ reason: "" }), "reason", /reason/],
      [form({ reason: "x".repeat(201) }), "reason", /200/],
    ];
    for (const [values, field, message] of cases) {
      const r = await b.post("/admin/blocks", values);
      expect(r.status).toBe(422);
      const html = await r.text();
      expect({ field, message: fieldError(html, field) }).toEqual({ field, message: expect.stringMatching(message) });
      if (values.target) expect(html).toContain(`value="${values.target}"`);
    }
    expect(t.db.query("SELECT count(*) AS n FROM visitor_blocks").get()).toEqual({ n: 0 });
  });

  it("adds IP, CIDR and visitor blocks (per site or all sites), lists them, unblocks, and audits each", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "Shop", allowed_origins: "https://shop.example", default_language: "zh-CN" }, sys);
    const v = t.services.visitors.identify(site.id, null).visitor;
    const b = await signedIn(t, "root", "admin");
    const page = await (await b.get("/admin/blocks")).text();
    expect(page).toContain('href="/admin/blocks"');
    expect(page).toContain('id="no-active-blocks"');

    let r = await b.post("/admin/blocks", form({ target: "203.0.113.7", expires: "" }));
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/admin/blocks?done=added");
    await b.get("/admin/blocks");
    r = await b.post("/admin/blocks", form({ target: "198.51.100.0/24", site_id: String(site.id), mode: "refuse_chat", expires: "60", reason: "刷单 spam" }));
    expect(r.status).toBe(303);
    await b.get("/admin/blocks");
    r = await b.post("/admin/blocks", form({ kind: "visitor", target: String(v.id), mode: "refuse_chat", reason: "辱骂 abuse" }));
    expect(r.status).toBe(303);

    const listed = await (await b.get("/admin/blocks?done=added")).text();
    expect(listed).toContain("已屏蔽");
    expect(listed).toContain("<code>203.0.113.7</code>");
    expect(listed).toContain("<code>198.51.100.0/24</code>");
    expect(listed).toContain(`#${v.id}`);
    expect(listed).toContain("全部网站");
    expect(t.services.care.blocks.activeFor(v.id, "203.0.113.7", site.id)?.mode).toBe("hide");
    expect(t.services.care.blocks.activeFor(0, "198.51.100.9", site.id)?.mode).toBe("refuse_chat");
    const rows = t.db.query("SELECT id, site_id, visitor_id, ip_cidr, mode, expires_at FROM visitor_blocks ORDER BY id").all() as any[];
    expect(rows.map((x) => [x.site_id, x.visitor_id, x.ip_cidr, x.mode])).toEqual([[null, null, "203.0.113.7", "hide"], [site.id, null, "198.51.100.0/24", "refuse_chat"], [site.id, v.id, null, "refuse_chat"]]);
    expect(rows[0].expires_at).toBeNull();
    expect(rows[1].expires_at).toBe(t.clock.now() + 60 * 60_000);

    // Unblock the first: it moves to the ended list and stops applying.
    r = await b.post(`/admin/blocks/${rows[0].id}/lift`);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/admin/blocks?done=lifted");
    const after = await (await b.get("/admin/blocks?done=lifted")).text();
    expect(after).toContain("已解除屏蔽");
    expect(after).toMatch(/已解除 <small>Lifted<\/small>/);
    expect(t.services.care.blocks.activeFor(v.id, "203.0.113.7", site.id)?.mode).not.toBe("hide");
    // An expired block also leaves the active list.
    t.clock.advance(61 * 60_000);
    await b.signIn("root"); // the idle session ended meanwhile
    const later = await (await b.get("/admin/blocks")).text();
    expect(later).toContain("已过期");

    const audit = (t.db.query("SELECT action, target_type, target_id FROM audit_log WHERE action LIKE 'visitor.%' ORDER BY id").all() as any[]).map((a) => `${a.action} ${a.target_type} ${a.target_id}`);
    expect(audit).toEqual(["visitor.block ip 203.0.113.7", "visitor.block ip 198.51.100.0/24", `visitor.block visitor ${v.id}`, "visitor.unblock ip 203.0.113.7"]);
  });

  it("needs visitor.block; a department admin blocks on their department's sites only, never all sites", async () => {
    const t = createTestApp();
    const dept = t.services.departments.create({ name: "信用卡中心" }, sys);
    const ours = t.services.sites.create({ name: "Cards", allowed_origins: "https://cards.example", default_language: "zh-CN" }, sys);
    t.services.sites.update(ours.id, { name: "Cards", allowed_origins: "https://cards.example", default_language: "zh-CN", department_id: String(dept.id) }, sys);
    const theirs = t.services.sites.create({ name: "Loans", allowed_origins: "https://loans.example", default_language: "zh-CN" }, sys);
    const a = t.browser();
    await t.createAgent("aud", "auditor");
    await a.signIn("aud");
    expect((await a.get("/admin/blocks")).status).toBe(403);

    await t.createAgent("dora", "department_admin");
    t.db.run("UPDATE agents SET department_id = ? WHERE username = 'dora'", [dept.id]);
    const d = t.browser();
    expect((await d.signIn("dora")).status).toBe(303);
    const page = await (await d.get("/admin/blocks")).text();
    expect(page).toContain(`<option value="${ours.id}"`);
    expect(page).not.toContain(`<option value="${theirs.id}"`);
    expect(page).not.toContain("全部网站 All sites</option>");
    let r = await d.post("/admin/blocks", form({ site_id: "" }));
    expect(r.status).toBe(422);
    expect(fieldError(await r.text(), "site_id")).toMatch(/department/);
    r = await d.post("/admin/blocks", form({ site_id: String(theirs.id) }));
    expect(r.status).toBe(422);
    const everywhere = t.services.care.blocks.blockRange(sys, { ipCidr: "192.0.2.1", siteId: null, mode: "hide", reason: "org-wide" });
    await d.get("/admin/blocks");
    r = await d.post("/admin/blocks", form({ site_id: String(ours.id) }));
    expect(r.status).toBe(303);
    const list = await (await d.get("/admin/blocks")).text();
    expect(list).toContain("203.0.113.0/24");
    expect(list).not.toContain("192.0.2.1");
    expect((await d.post(`/admin/blocks/${everywhere.id}/lift`)).status).toBe(403);
  });
});

describe("blocks from the admin page reach live visitors", () => {
  it("hide by IP removes a visitor from that address at once and refuses their reconnects; refuse chat by CIDR, then unblock", async () => {
    const w = await accessWorld();
    await w.t.createAgent("root", "admin");
    const b = socketBrowser(w.base);
    await b.signIn("root");
    await b.get("/admin/blocks");
    const other = await w.visitor({ ip: IPS.beijing });
    const v = await w.visitor({ ip: IPS.guangzhou });

    // Hide one address on this site: that visitor's widget is told and the channel closes.
    let r = await b.post("/admin/blocks", form({ target: IPS.guangzhou, site_id: String(w.site.id), mode: "hide", reason: "攻击 attack" }));
    expect(r.status).toBe(303);
    await v.next((f) => f.type === "blocked" && f.mode === "hide", "hide frame");
    await waitFor(() => v.closed?.code === 4003, "closed with 4003");
    const again = w.rawVisitor(IPS.guangzhou);
    await again.next((f) => f.type === "blocked" && f.mode === "hide", "hide on reconnect");
    await waitFor(() => again.closed?.code === 4003, "reconnect closed");
    expect(again.frames.some((f) => f.type === "connected")).toBe(false);
    // Another address chats on.
    const c = cid();
    other.send({ type: "send", cid: c, body: "你好" });
    await other.next((f) => f.type === "ack" && f.cid === c, "ack");

    // Refuse chat for the Beijing range: the visitor is told and messages are refused; leave messages work.
    await b.get("/admin/blocks");
    r = await b.post("/admin/blocks", form({ target: "36.110.0.0/16", site_id: "", mode: "refuse_chat", reason: "测试 test" }));
    expect(r.status).toBe(303);
    await other.next((f) => f.type === "blocked" && f.mode === "refuse_chat", "refuse frame");
    const c2 = cid();
    other.send({ type: "send", cid: c2, body: "还在吗" });
    expect((await other.next((f) => f.type === "error" && f.cid === c2, "blocked error")).code).toBe("blocked");
    const fresh = await w.visitor({ ip: "36.110.0.9" });
    expect(fresh.frames[0].blocked).toBe("refuse_chat");

    // Unblock from the page: the visitor may chat again.
    const id = (w.t.db.query("SELECT id FROM visitor_blocks WHERE ip_cidr = '36.110.0.0/16'").get() as { id: number }).id;
    await b.get("/admin/blocks");
    expect((await b.post(`/admin/blocks/${id}/lift`)).status).toBe(303);
    await other.next((f) => f.type === "unblocked", "unblocked");
    const c3 = cid();
    other.send({ type: "send", cid: c3, body: "好的" });
    await other.next((f) => f.type === "ack" && f.cid === c3, "ack after unblock");
  });
});
