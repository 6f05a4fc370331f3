import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";

/**
 * Agents reaching out (V8 invite, V9 proactive chat, V10 push URL, V13 survey, A16 info form),
 * over a listening server: the agent over HTTP and the agent WebSocket, the visitor over the
 * real visitor WebSocket.
 */
const HOST = "http://shop.example.test";
const admin = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop());
  const base = server.base;
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, admin);
  /** A visitor on a page of the site: connected and the page view recorded (so online). */
  async function visitor() {
    const v = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST });
    stops.push(() => v.close());
    v.send({ type: "page", url: `${HOST}/products`, title: "Products", referrer: "", language: "en", screen: "1x1", timezone: "UTC" });
    const publicId = v.frames[0].visitorId;
    for (let i = 0; i < 100 && !t.services.visitors.presenceOf(idOf(publicId)); i++) await Bun.sleep(20);
    return Object.assign(v, { id: idOf(publicId) });
  }
  const idOf = (publicId: string) => (t.db.query("SELECT id FROM visitors WHERE public_id = ?").get(publicId) as { id: number } | null)?.id ?? 0;
  async function agent(username = "alice", role = "agent") {
    const created = await t.createAgent(username, role);
    const { b, ws, api, close } = await agentDriver(base, username);
    stops.push(close);
    return { b, ws, api, id: created.id };
  }
  const invitations = () => t.db.query("SELECT visitor_id, agent_id, kind, text, status, conversation_id, answered_at IS NOT NULL AS answered FROM invitations ORDER BY id").all() as any[];
  return { t, base, site, visitor, agent, invitations };
}

describe("invitations (V8)", () => {
  it("invite → the visitor sees it → accepting opens a conversation owned by the inviting agent, who is told", async () => {
    const { visitor, agent, invitations, t } = await setup();
    const alice = await agent();
    const v = await visitor();
    const r = await alice.api("POST", `/api/visitors/${v.id}/invitations`, { text: "Need help choosing? <b>Ask me</b>" });
    expect(r.status).toBe(200);
    const invite = await v.next((f) => f.type === "invite", "invite frame");
    expect(invite).toMatchObject({ from: "agent", invitationId: r.body.invitation.id, agentName: "alice name", text: "Need help choosing? <b>Ask me</b>" });
    expect(invitations()).toEqual([{ visitor_id: v.id, agent_id: expect.any(Number), kind: "invite", text: "Need help choosing? <b>Ask me</b>", status: "shown", conversation_id: null, answered: 0 }]);

    v.send({ type: "invite_answer", invitationId: invite.invitationId, accept: true });
    const reply = await v.next((f) => f.type === "invite_answered", "answer reply");
    expect(reply.status).toBe("accepted");
    const conv = await v.next((f) => f.type === "conversation" && f.status === "active", "active conversation");
    expect(conv.agentName).toBe("alice name");
    const told = await alice.ws.next((f) => f.type === "invitation", "invitation outcome");
    expect(told).toMatchObject({ invitationId: invite.invitationId, status: "accepted", visitorId: v.id, conversationId: conv.id, kind: "invite" });
    expect(t.services.chat.get(conv.id)).toMatchObject({ status: "active", agent_id: alice.id });
    expect(invitations()[0]).toMatchObject({ status: "accepted", conversation_id: conv.id, answered: 1 });
    // The owner can write at once; the visitor receives it.
    expect((await alice.api("POST", `/api/conversations/${conv.id}/messages`, { cid: cid(), body: "Hello!" })).status).toBe(200);
    expect((await v.next((f) => f.type === "message" && f.body === "Hello!", "agent message")).from).toBe("agent");
    // Answering twice is refused; inviting a chatting visitor is a clear 409.
    v.send({ type: "invite_answer", invitationId: invite.invitationId, accept: false });
    expect((await v.nextNew((f) => f.type === "error", "second answer refused")).code).toBe("conflict");
    const again = await alice.api("POST", `/api/visitors/${v.id}/invitations`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("already");
  });

  it("a declined invitation is recorded and the agent told; gone visitors and bad input are refused", async () => {
    const { visitor, agent, invitations, t } = await setup();
    const alice = await agent();
    const v = await visitor();
    const r = await alice.api("POST", `/api/visitors/${v.id}/invitations`, {});
    expect(r.status).toBe(200);
    const invite = await v.next((f) => f.type === "invite", "invite frame");
    expect(invite.text).toBe("");
    v.send({ type: "invite_answer", invitationId: invite.invitationId, accept: false });
    expect((await alice.ws.next((f) => f.type === "invitation", "outcome")).status).toBe("declined");
    expect(invitations()[0]).toMatchObject({ status: "declined", conversation_id: null, answered: 1 });
    expect(t.services.chat.openFor(v.id)).toBeNull();

    const long = await alice.api("POST", `/api/visitors/${v.id}/invitations`, { text: "x".repeat(501) });
    expect(long.status).toBe(422);
    expect(long.body.error.field).toBe("text");
    expect((await alice.api("POST", `/api/visitors/999999/invitations`, {})).status).toBe(404);
    // Another visitor cannot answer someone else's invitation.
    await alice.api("POST", `/api/visitors/${v.id}/invitations`, { text: "second" });
    const second = await v.next((f) => f.type === "invite" && f.text === "second", "second invite");
    const other = await visitor();
    other.send({ type: "invite_answer", invitationId: second.invitationId, accept: true });
    expect((await other.next((f) => f.type === "error", "refused")).code).toBe("not_found");
  });

  it("an unanswered invitation expires when the visitor leaves, and a newer one replaces it", async () => {
    const { visitor, agent, invitations, t } = await setup();
    const alice = await agent();
    const v = await visitor();
    await alice.api("POST", `/api/visitors/${v.id}/invitations`, { text: "first" });
    await alice.api("POST", `/api/visitors/${v.id}/invitations`, { text: "second" });
    expect((await alice.ws.next((f) => f.type === "invitation", "replaced")).status).toBe("expired");
    expect(invitations().map((i) => i.status)).toEqual(["expired", "shown"]);
    v.close();
    for (let i = 0; i < 100 && (t.services.visitors.presenceOf(v.id)?.connections ?? 0) > 0; i++) await Bun.sleep(20);
    t.clock.advance(60_000);
    t.services.visitors.sweepGone();
    const second = (await v.next((f) => f.type === "invite" && f.text === "second", "second invite")).invitationId;
    await alice.ws.next((f) => f.type === "invitation" && f.status === "expired" && f.invitationId === second, "expired on leaving");
    expect(invitations().map((i) => i.status)).toEqual(["expired", "expired"]);
  });

  it("needs chat.invite: an auditor (without it) is refused before anything is stored", async () => {
    const { visitor, agent, invitations } = await setup();
    const auditor = await agent("carol", "auditor");
    const v = await visitor();
    expect((await auditor.api("POST", `/api/visitors/${v.id}/invitations`, {})).status).toBe(403);
    expect((await auditor.api("POST", `/api/visitors/${v.id}/proactive`, { cid: cid(), body: "hi" })).status).toBe(403);
    expect(invitations()).toEqual([]);
  });
});

describe("proactive chat (V9)", () => {
  it("opens an active conversation owned by the agent with its first message at seq 1, delivered to the visitor", async () => {
    const { visitor, agent, invitations, t } = await setup();
    const alice = await agent();
    const v = await visitor();
    const c = cid();
    const r = await alice.api("POST", `/api/visitors/${v.id}/proactive`, { cid: c, body: "Hi, can I help you find a size?" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ seq: 1, cid: c, duplicate: false, conversation: { status: "active", visitor_id: v.id } });
    const m = await v.next((f) => f.type === "message", "first message");
    expect(m).toMatchObject({ seq: 1, from: "agent", name: "alice name", body: "Hi, can I help you find a size?", conversationId: r.body.conversation.id });
    expect((await v.next((f) => f.type === "conversation", "conversation")).status).toBe("active");
    // The same cid again stores nothing new.
    const dup = await alice.api("POST", `/api/visitors/${v.id}/proactive`, { cid: c, body: "Hi, can I help you find a size?" });
    expect(dup.body).toMatchObject({ seq: 1, duplicate: true });
    // A second proactive chat while this one is open is a clear 409.
    const again = await alice.api("POST", `/api/visitors/${v.id}/proactive`, { cid: cid(), body: "Hello?" });
    expect(again.status).toBe(409);
    expect(t.db.query("SELECT count(*) AS n FROM messages").get()).toEqual({ n: 1 });
    expect(invitations()).toEqual([expect.objectContaining({ kind: "proactive", status: "shown", conversation_id: r.body.conversation.id })]);
    // The visitor's reply counts as accepting; the agent is told.
    v.send({ type: "send", cid: cid(), body: "Yes please" });
    expect((await alice.ws.next((f) => f.type === "invitation", "accepted")).status).toBe("accepted");
    expect(invitations()[0].status).toBe("accepted");
    expect((await alice.api("POST", `/api/visitors/${v.id}/proactive`, { cid: cid(), body: "" })).body.error.field).toBe("body");
  });
});

describe("pushes (V10, V13, A16)", () => {
  async function chatting() {
    const w = await setup();
    const alice = await w.agent();
    const v = await w.visitor();
    const r = await alice.api("POST", `/api/visitors/${v.id}/proactive`, { cid: cid(), body: "Hello" });
    return { ...w, alice, v, conversationId: r.body.conversation.id as number };
  }

  it("push-url accepts only http(s), stores the link as a message and sends push_url after it", async () => {
    const { alice, v, conversationId, t } = await chatting();
    for (const url of ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "not a url", "", "ftp://example.com/x"]) {
      const r = await alice.api("POST", `/api/conversations/${conversationId}/push-url`, { url });
      expect(r.status).toBe(422);
      expect(r.body.error.field).toBe("url");
    }
    const ok = await alice.api("POST", `/api/conversations/${conversationId}/push-url`, { url: "https://shop.example.test/sizes?x=1" });
    expect(ok.status).toBe(200);
    const msg = await v.next((f) => f.type === "message" && f.body === "https://shop.example.test/sizes?x=1", "link message");
    expect(msg.from).toBe("agent");
    const push = await v.next((f) => f.type === "push_url", "push_url frame");
    expect(push).toMatchObject({ from: "agent", conversationId, url: "https://shop.example.test/sizes?x=1" });
    expect(v.frames.indexOf(push)).toBeGreaterThan(v.frames.indexOf(msg));
    expect((t.db.query("SELECT count(*) AS n FROM messages WHERE conversation_id = ?").get(conversationId) as { n: number }).n).toBe(2);
  });

  it("only the conversation's agent may push; an ended conversation refuses", async () => {
    const { alice, agent, conversationId } = await chatting();
    const bob = await agent("bob");
    for (const path of ["push-url", "push-survey", "push-form"]) {
      const r = await bob.api("POST", `/api/conversations/${conversationId}/${path}`, { url: "https://a.example/" });
      expect(r.status).toBe(403);
    }
    await alice.api("POST", `/api/conversations/${conversationId}/end`);
    expect((await alice.api("POST", `/api/conversations/${conversationId}/push-survey`)).status).toBe(409);
  });

  it("survey: the visitor's rating is stored once per conversation, replaced by a later one, and relayed", async () => {
    const { alice, v, conversationId, t } = await chatting();
    const r = await alice.api("POST", `/api/conversations/${conversationId}/push-survey`);
    expect(r.status).toBe(200);
    const survey = await v.next((f) => f.type === "survey", "survey frame");
    expect(survey).toMatchObject({ from: "agent", conversationId, comment: true });
    expect(survey.levels.map((l: any) => l.value)).toEqual([5, 4, 3, 2, 1]);

    v.send({ type: "rating", conversationId, level: 9, comment: "" });
    expect((await v.next((f) => f.type === "error", "bad level")).field).toBe("level");
    v.send({ type: "rating", conversationId, level: 2, comment: "x".repeat(501) });
    expect((await v.nextNew((f) => f.type === "error", "long comment")).field).toBe("comment");
    v.send({ type: "rating", conversationId, level: 2, comment: "slow" });
    await v.next((f) => f.type === "rating_saved", "saved");
    expect((await alice.ws.next((f) => f.type === "rating", "rating frame"))).toMatchObject({ conversationId, level: 2, comment: "slow" });
    v.send({ type: "rating", conversationId, level: 5, comment: "great in the end" });
    await alice.ws.next((f) => f.type === "rating" && f.level === 5, "edited rating");
    expect(t.db.query("SELECT level, comment, agent_id IS NOT NULL AS a FROM conversation_ratings").all()).toEqual([{ level: 5, comment: "great in the end", a: 1 }]);
  });

  it("info form: name and one contact required; stored on the visitor; the agent gets a visitor frame", async () => {
    const { alice, v, conversationId, t } = await chatting();
    expect((await alice.api("POST", `/api/conversations/${conversationId}/push-form`)).status).toBe(200);
    const form = await v.next((f) => f.type === "info_form", "info_form frame");
    expect(form.fields).toEqual(["name", "phone", "email", "company"]);
    v.send({ type: "info", name: "", phone: "123456", email: "", company: "" });
    expect((await v.next((f) => f.type === "error", "no name")).field).toBe("name");
    v.send({ type: "info", name: "Wang", phone: "", email: "", company: "" });
    expect((await v.nextNew((f) => f.type === "error", "no contact")).field).toBe("phone");
    v.send({ type: "info", name: "Wang", phone: "", email: "not-mail", company: "" });
    expect((await v.nextNew((f) => f.type === "error", "bad email")).field).toBe("email");
    v.send({ type: "info", name: "Wang Wu", phone: "", email: "wang@example.com", company: "ACME" });
    await v.next((f) => f.type === "info_saved", "saved");
    const frame = await alice.ws.next((f) => f.type === "visitor" && f.info, "visitor info frame");
    // alice holds no visitor.contact: the frame's email is masked, the stored one is not (X8).
    expect(frame).toMatchObject({ conversationId, visitorId: v.id, info: { name: "Wang Wu", email: "w***@example.com", company: "ACME", phone: "" } });
    expect(t.services.visitors.get(v.id)).toMatchObject({ name: "Wang Wu", email: "wang@example.com", company: "ACME" });
  });
});
