import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp, socketBrowser } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { cid, FrameClient } from "./frames.ts";

/**
 * Masking in every view (X8): an agent without visitor.full_ip / visitor.contact sees a
 * visitor's IP, phone and email masked in every API and realtime frame that carries them; a
 * supervisor (who holds both) sees them in full. Real server, real sockets, a real proxy header
 * for the visitor's address.
 */
const HOST = "http://shop.example.test";
const IP = "203.0.113.7";
const PHONE = "13812345678";
const EMAIL = "alice.wang@example.com";
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function world() {
  const t = createTestApp({ realSocketPeer: true, config: (c) => void (c.server.trusted_proxies = ["127.0.0.1"]) });
  const server = t.listen();
  stops.push(() => void server.stop(true));
  const base = server.base;
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, { id: null, name: "test" });
  async function agent(username: string, role: string) {
    const row = await t.createAgent(username, role);
    const d = await agentDriver(base, username);
    stops.push(d.close);
    return { ...d, id: row.id };
  }
  /** A visitor whose address reaches Yingke through the (trusted) reverse proxy. */
  async function visitor() {
    const v = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST, "x-forwarded-for": IP });
    stops.push(() => v.close());
    v.send({ type: "page", url: `${HOST}/loans`, title: "贷款 Loans", referrer: "", language: "zh-CN", screen: "1920x1080", timezone: "Asia/Shanghai" });
    const id = () => (t.db.query("SELECT id FROM visitors WHERE public_id = ?").get(v.frames[0].visitorId) as { id: number } | null)?.id ?? 0;
    for (let i = 0; i < 250 && !(id() && t.services.visitors.presenceOf(id())); i++) await Bun.sleep(20);
    return Object.assign(v, { id: id() });
  }
  return { t, base, site, agent, visitor };
}

describe("masking in every view", () => {
  it("masks IP, phone and email for an agent and shows them to a supervisor, in every API and frame", async () => {
    const { t, site, agent, visitor } = await world();
    const alice = await agent("alice", "agent");
    const sam = await agent("sam", "supervisor");
    const v = await visitor();

    // The broadcast `visitor` frame: one variant per view, so each socket gets its own.
    const frameOf = (a: typeof alice) => a.ws.next((f) => f.type === "visitor" && f.visitor.id === v.id, "visitor frame");
    expect((await frameOf(alice)).visitor.ip).toBe("203.0.*.*");
    expect((await frameOf(sam)).visitor.ip).toBe(IP);

    // A leave message with phone and email (the visitor's own frame, address from the session).
    v.send({ type: "leave", cid: cid(), name: "王女士", phone: PHONE, email: EMAIL, content: "请回电 call me" });
    await v.next((f) => f.type === "ack" && f.leaveMessageId, "leave ack");

    // A chat: sam owns it and invites alice as a guest; her invitation frame is masked.
    v.send({ type: "send", cid: cid(), body: "您好" });
    const first = await sam.message((f) => f.body === "您好", "first message");
    const conversationId = first.conversationId;
    expect((await sam.api("POST", `/api/conversations/${conversationId}/accept`)).status).toBe(200);
    const invited = await sam.api("POST", `/api/conversations/${conversationId}/guests`, { agentId: alice.id });
    expect(invited.status).toBe(200);
    const invitation = await alice.ws.next((f) => f.type === "guest_invitation", "guest invitation");
    expect(invitation.visitor.ip).toBe("203.0.*.*");
    expect((await alice.api("POST", `/api/guest-invitations/${invited.body.invitation.id}/accept`)).status).toBe(200);

    // The info form's answer reaches both participants, each masked for them; stored in full.
    expect((await sam.api("POST", `/api/conversations/${conversationId}/push-form`)).status).toBe(200);
    await v.next((f) => f.type === "info_form", "info form");
    v.send({ type: "info", name: "王女士", phone: PHONE, email: EMAIL, company: "某银行" });
    const infoOf = (a: typeof alice) => a.ws.next((f) => f.type === "visitor" && f.info, "info frame");
    expect((await infoOf(alice)).info).toEqual({ name: "王女士", phone: "138****5678", email: "a***@example.com", company: "某银行" });
    expect((await infoOf(alice)).visitor.ip).toBe("203.0.*.*");
    expect((await infoOf(sam)).info).toEqual({ name: "王女士", phone: PHONE, email: EMAIL, company: "某银行" });
    expect((await infoOf(sam)).visitor.ip).toBe(IP);
    expect(t.services.visitors.get(v.id)).toMatchObject({ phone: PHONE, email: EMAIL });

    // Every API view, for each of them.
    const views = async (a: typeof alice) => {
      const online = (await a.api("GET", "/api/visitors/online")).body.visitors.find((r: any) => r.id === v.id);
      const siteRow = (await a.api("GET", `/api/sites/${site.id}/visitors`)).body.visitors.find((r: any) => r.id === v.id);
      const trail = (await a.api("GET", `/api/visitors/${v.id}/trail`)).body.visitor;
      const panel = (await a.api("GET", `/api/visitors/${v.id}`)).body;
      const leave = (await a.api("GET", "/api/leave-messages")).body.rows[0];
      return {
        ips: [online.ip, siteRow.ip, trail.ip, panel.visit.ip, leave.ip],
        contact: [panel.visitor.phone, panel.visitor.email, leave.phone, leave.email],
        // Nothing else changes: names, pages and messages are the same for both.
        same: [online.name, trail.trail.length, panel.visitor.company, leave.content, leave.name],
      };
    };
    expect(await views(alice)).toEqual({
      ips: Array(5).fill("203.0.*.*"),
      contact: ["138****5678", "a***@example.com", "138****5678", "a***@example.com"],
      same: ["王女士", 1, "某银行", "请回电 call me", "王女士"],
    });
    expect(await views(sam)).toEqual({
      ips: Array(5).fill(IP),
      contact: [PHONE, EMAIL, PHONE, EMAIL],
      same: ["王女士", 1, "某银行", "请回电 call me", "王女士"],
    });
  }, 60_000);

  it("an agent without visitor.contact who saves the panel keeps the stored contact and cannot change it", async () => {
    const { t, agent, visitor } = await world();
    const alice = await agent("alice", "agent");
    const sam = await agent("sam", "supervisor");
    const v = await visitor();
    expect((await sam.api("PUT", `/api/visitors/${v.id}`, { phone: PHONE, email: EMAIL })).status).toBe(200);
    const stored = () => t.db.query("SELECT name, phone, email, note FROM visitors WHERE id = ?").get(v.id);

    // Saving the panel as shown (masked values sent back) changes the other fields only.
    const seen = (await alice.api("GET", `/api/visitors/${v.id}`)).body.visitor;
    expect([seen.phone, seen.email]).toEqual(["138****5678", "a***@example.com"]);
    const saved = await alice.api("PUT", `/api/visitors/${v.id}`, { name: "王女士", phone: seen.phone, email: seen.email, company: "", note: "回访 follow up" });
    expect(saved.status).toBe(200);
    expect(saved.body.visitor).toMatchObject({ name: "王女士", phone: "138****5678", email: "a***@example.com", note: "回访 follow up" });
    expect(stored()).toEqual({ name: "王女士", phone: PHONE, email: EMAIL, note: "回访 follow up" });
    const audit = t.db.query("SELECT detail FROM audit_log WHERE action = 'visitor.update' ORDER BY id DESC").get() as { detail: string };
    expect(JSON.parse(audit.detail).fields.sort()).toEqual(["name", "note"]);

    // Any other value — a new number, a cleared email — is refused with its field; nothing is written.
    for (const [body, field] of [[{ phone: "13900001111" }, "phone"], [{ email: "" }, "email"], [{ name: "X", phone: "138****0000" }, "phone"]] as const) {
      const r = await alice.api("PUT", `/api/visitors/${v.id}`, body);
      expect(r.status).toBe(403);
      expect(r.body.error.field).toBe(field);
    }
    expect(stored()).toEqual({ name: "王女士", phone: PHONE, email: EMAIL, note: "回访 follow up" });

    // The supervisor changes them freely.
    expect((await sam.api("PUT", `/api/visitors/${v.id}`, { phone: "13900001111", email: "" })).body.visitor).toMatchObject({ phone: "13900001111", email: "" });
    expect(stored()).toMatchObject({ phone: "13900001111", email: "" });
  }, 60_000);

  it("the audit log shows a blocked visitor's IP masked to a reader without visitor.full_ip, and keeps it in full", async () => {
    const { t, base, agent, visitor } = await world();
    const alice = await agent("alice", "agent");
    await t.createAgent("audrey", "auditor");
    const v = await visitor();
    expect((await alice.api("POST", `/api/visitors/${v.id}/block`, { mode: "refuse_chat", reason: "spam", expiresMinutes: 60 })).status).toBe(200);
    expect(JSON.parse((t.db.query("SELECT detail FROM audit_log WHERE action = 'visitor.block'").get() as { detail: string }).detail).ip).toBe(IP);
    const b = socketBrowser(base);
    await b.signIn("audrey");
    const page = await (await b.get("/admin/audit")).text();
    expect(page).toContain("visitor.block");
    expect(page).toContain("203.0.*.*");
    expect(page).not.toContain(IP);
  }, 60_000);
});
