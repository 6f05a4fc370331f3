import { afterEach, describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { loadConfig } from "../src/platform/config.ts";
import { createServices } from "../src/services.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { createSecretBox } from "../src/platform/secretbox.ts";
import { randomBytes } from "node:crypto";

// Several agents sign in (argon2) per test; on a loaded two-core machine that takes a while.
setDefaultTimeout(30_000);

const HOST = "http://shop.example.test";
const admin = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

/** A listening app with one site; agents sign in over real sockets; a visitor opens a chat. */
async function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop());
  const base = server.base;
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, admin);
  async function agent(username: string, role = "agent") {
    const row = await t.createAgent(username, role);
    const { ws, api, close } = await agentDriver(base, username);
    stops.push(close);
    const say = (conversationId: number, body: string) => api("POST", `/api/conversations/${conversationId}/messages`, { cid: cid(), body });
    return { id: row.id, name: row.display_name, ws, api, say };
  }
  /** A visitor who wrote first, and the owner who accepted the chat. */
  async function chatWith(owner: Awaited<ReturnType<typeof agent>>, text = "我想咨询贷款 <b>利率</b>") {
    const v = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST });
    stops.push(() => v.close());
    v.send({ type: "send", cid: cid(), body: text });
    const ack = await v.next((f) => f.type === "ack", "ack");
    expect((await owner.api("POST", `/api/conversations/${ack.conversationId}/accept`)).status).toBe(200);
    return { v, conversationId: ack.conversationId as number };
  }
  return { t, base, site, agent, chatWith };
}

describe("transfer (A8)", () => {
  it("hands the chat with its history to the colleague who accepts, tells the visitor, and can be repeated", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { v, conversationId } = await chatWith(alice);
    await alice.say(conversationId, "请稍等，我帮您转给专员");

    const targets = await alice.api("GET", "/api/transfer-targets");
    expect(targets.body.agents).toEqual([{ id: bob.id, name: "bob name", status: "online", chats: 0, maxChats: 8 }]);

    const sent = await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: bob.id, note: "VIP 客户，问利率" });
    expect(sent.status).toBe(200);
    expect(sent.body.transfer.status).toBe("pending");
    const request = await bob.ws.next((f) => f.type === "transfer_request", "transfer request");
    expect(request).toMatchObject({ conversationId, note: "VIP 客户，问利率", from: { id: alice.id, name: "alice name" } });
    expect(request.deadline).toBeGreaterThan(request.serverTime);
    expect(request.visitor.id).toBeNumber();
    // Only one transfer at a time.
    expect((await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: bob.id })).status).toBe(409);

    expect((await bob.api("POST", `/api/transfers/${request.id}/accept`)).status).toBe(200);
    const ended = await alice.ws.next((f) => f.type === "transfer_ended", "outcome to the requester");
    expect(ended).toMatchObject({ outcome: "accepted", by: { id: bob.id, name: "bob name" } });
    expect((await bob.ws.next((f) => f.type === "transfer_ended", "outcome to the target")).outcome).toBe("accepted");

    // The visitor sees who took over, over its own socket.
    const event = await v.next((f) => f.type === "message" && f.kind === "event" && f.body.includes("transferred"), "takeover event");
    expect(JSON.parse(event.body).text).toBe("客服 bob name 已接待您 / bob name has taken over");
    expect((await v.next((f) => f.type === "conversation" && f.agentName === "bob name", "new agent name")).status).toBe("active");

    // The new owner reads the whole history; the former owner may no longer write.
    const history = await bob.api("GET", `/api/conversations/${conversationId}/messages`);
    expect(history.body.messages.map((m: any) => m.body)).toContain("我想咨询贷款 <b>利率</b>");
    expect(history.body.messages.map((m: any) => m.body)).toContain("请稍等，我帮您转给专员");
    const refused = await alice.say(conversationId, "还在吗");
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("only the conversation's participants");
    expect((await bob.say(conversationId, "您好，我是专员")).status).toBe(200);
    await v.next((f) => f.type === "message" && f.body === "您好，我是专员", "reply from the new owner");
    expect(t.services.chat.get(conversationId)!.agent_id).toBe(bob.id);

    // And back again: any number of times.
    const back = await bob.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: alice.id, note: "" });
    const again = await alice.ws.next((f) => f.type === "transfer_request" && f.id === back.body.transfer.id, "second request");
    expect((await alice.api("POST", `/api/transfers/${again.id}/accept`)).status).toBe(200);
    expect(t.services.chat.get(conversationId)!.agent_id).toBe(alice.id);

    const audit = t.db.query("SELECT action FROM audit_log WHERE action LIKE 'chat.transfer%' ORDER BY id").all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(["chat.transfer_request", "chat.transfer_accept", "chat.transfer_request", "chat.transfer_accept"]);
  });

  it("a decline leaves the chat with its owner and tells both sides", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { conversationId } = await chatWith(alice);
    await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: bob.id });
    const request = await bob.ws.next((f) => f.type === "transfer_request", "request");
    expect((await bob.api("POST", `/api/transfers/${request.id}/decline`)).status).toBe(200);
    expect((await alice.ws.next((f) => f.type === "transfer_ended", "outcome")).outcome).toBe("declined");
    expect((await bob.api("POST", `/api/transfers/${request.id}/accept`)).status).toBe(409);
    expect(t.services.chat.get(conversationId)!.agent_id).toBe(alice.id);
    expect((await alice.say(conversationId, "我继续为您服务")).status).toBe(200);
  });

  it("without an answer by the deadline the chat returns to its agent", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { conversationId } = await chatWith(alice);
    const sent = await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: bob.id });
    await bob.ws.next((f) => f.type === "transfer_request", "request");
    expect(await t.services.transfers.expireDue()).toBe(0);
    t.clock.advance(t.config.chat.transfer_timeout_seconds * 1000);
    expect(await t.services.transfers.expireDue()).toBe(1);
    expect((await alice.ws.next((f) => f.type === "transfer_ended", "outcome to the requester")).outcome).toBe("expired");
    expect((await bob.ws.next((f) => f.type === "transfer_ended", "outcome to the target")).outcome).toBe("expired");
    expect((await bob.api("POST", `/api/transfers/${sent.body.transfer.id}/accept`)).status).toBe(409);
    expect(t.services.chat.get(conversationId)!.agent_id).toBe(alice.id);
    expect(t.services.transfers.get(sent.body.transfer.id)!.status).toBe("expired");
  });

  it("ending the chat withdraws a pending transfer and a pending invitation", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const carol = await agent("carol");
    const { conversationId } = await chatWith(alice);
    const sent = await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: bob.id });
    const inv = await alice.api("POST", `/api/conversations/${conversationId}/guests`, { agentId: carol.id });
    await carol.ws.next((f) => f.type === "guest_invitation", "invitation");
    await alice.api("POST", `/api/conversations/${conversationId}/end`);
    expect((await bob.ws.next((f) => f.type === "transfer_ended", "withdrawn transfer")).outcome).toBe("withdrawn");
    expect((await carol.ws.next((f) => f.type === "guest_invitation_ended", "withdrawn invitation")).outcome).toBe("withdrawn");
    expect(t.services.transfers.get(sent.body.transfer.id)!.status).toBe("withdrawn");
    expect((await carol.api("POST", `/api/guest-invitations/${inv.body.invitation.id}/accept`)).status).toBe(409);
  });

  it("a restart expires transfers whose deadline passed while the server was down", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { conversationId } = await chatWith(alice);
    const sent = await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: bob.id });
    expect(sent.status).toBe(200);
    t.clock.advance(t.config.chat.transfer_timeout_seconds * 1000 + 1);
    // A second process over the same database file, as after a restart.
    const restarted = createServices({ config: t.config, db: t.db, clock: t.clock, logger: silentLogger(), secretBox: createSecretBox(randomBytes(32)) });
    for (let i = 0; i < 100 && restarted.transfers.get(sent.body.transfer.id)!.status === "pending"; i++) await Bun.sleep(20);
    expect(restarted.transfers.get(sent.body.transfer.id)!.status).toBe("expired");
    expect(restarted.chat.get(conversationId)!.agent_id).toBe(alice.id);
  });

  it("validates chat.transfer_timeout_seconds like every other key", () => {
    expect(loadConfig({ flags: {} }).chat.transfer_timeout_seconds).toBe(60);
    expect(loadConfig({ env: { YINGKE_CHAT_TRANSFER_TIMEOUT_SECONDS: "30" } }).chat.transfer_timeout_seconds).toBe(30);
    expect(() => loadConfig({ env: { YINGKE_CHAT_TRANSFER_TIMEOUT_SECONDS: "5" } })).toThrow(/chat\.transfer_timeout_seconds/);
  });

  it("to a group: every online member is asked, the first accept wins, the others get 409 and a withdrawal", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const carol = await agent("carol");
    const group = t.services.groups.create(admin, { name: "贷款组", member_ids: [String(bob.id), String(carol.id), String(alice.id)] });
    const { conversationId } = await chatWith(alice);
    const targets = await alice.api("GET", "/api/transfer-targets");
    expect(targets.body.groups).toEqual([{ id: group.id, name: "贷款组", online: 2 }]);
    await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toGroupId: group.id, note: "贷款" });
    const toBob = await bob.ws.next((f) => f.type === "transfer_request", "request to bob");
    const toCarol = await carol.ws.next((f) => f.type === "transfer_request", "request to carol");
    expect(toBob.id).toBe(toCarol.id);
    expect(toBob.group).toEqual({ id: group.id, name: "贷款组" });
    const [rb, rc] = await Promise.all([bob.api("POST", `/api/transfers/${toBob.id}/accept`), carol.api("POST", `/api/transfers/${toCarol.id}/accept`)]);
    expect([rb.status, rc.status].sort()).toEqual([200, 409]);
    const [winner, loser] = rb.status === 200 ? [bob, carol] : [carol, bob];
    expect((rb.status === 200 ? rc : rb).body.error.message).toContain("another agent accepted it first");
    expect((await loser.ws.next((f) => f.type === "transfer_withdrawn", "withdrawal")).id).toBe(toBob.id);
    expect(t.services.chat.get(conversationId)!.agent_id).toBe(winner.id);
    expect((t.db.query("SELECT count(*) AS n FROM messages WHERE body LIKE '%transferred%'").get() as { n: number }).n).toBe(1);
  });

  it("only the owner (or a holder of chat.takeover) may transfer; invisible agents are offered only with chat.invisible", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const ghost = await agent("ghost", "supervisor");
    const sue = await agent("sue", "supervisor");
    t.services.agents.setServiceStatus(ghost.id, "invisible");
    const { conversationId } = await chatWith(alice);
    expect((await bob.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: sue.id })).status).toBe(403);

    const plain = await alice.api("GET", "/api/transfer-targets");
    expect(plain.body.agents.map((a: any) => a.name).sort()).toEqual(["bob name", "sue name"]);
    expect((await alice.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: ghost.id })).body.error.field).toBe("toAgentId");
    const privileged = await sue.api("GET", "/api/transfer-targets");
    expect(privileged.body.agents.map((a: any) => a.name).sort()).toEqual(["alice name", "bob name", "ghost name"]);
    // A supervisor takes over the transfer of someone else's chat.
    expect((await sue.api("POST", `/api/conversations/${conversationId}/transfers`, { toAgentId: ghost.id })).status).toBe(200);
    expect((await ghost.ws.next((f) => f.type === "transfer_request", "request")).from.id).toBe(alice.id);
  });
});

describe("three-way chat (A9)", () => {
  it("a colleague joins as a guest, writes and reads with everyone, and leaves again", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const carol = await agent("carol");
    const dave = await agent("dave");
    const { v, conversationId } = await chatWith(alice);
    // Not a participant: read-only.
    expect((await carol.say(conversationId, "插一句")).status).toBe(403);

    const inv = await alice.api("POST", `/api/conversations/${conversationId}/guests`, { agentId: carol.id });
    expect(inv.status).toBe(200);
    expect((await dave.api("POST", `/api/conversations/${conversationId}/guests`, { agentId: dave.id })).status).toBe(403);
    const frame = await carol.ws.next((f) => f.type === "guest_invitation", "invitation");
    expect(frame).toMatchObject({ conversationId, from: { id: alice.id } });
    expect((await dave.api("POST", `/api/guest-invitations/${frame.id}/accept`)).status).toBe(404);
    const joined = await carol.api("POST", `/api/guest-invitations/${frame.id}/accept`);
    expect(joined.status).toBe(200);
    expect(joined.body.participants.map((p: any) => [p.name, p.role])).toEqual([["alice name", "owner"], ["carol name", "guest"]]);
    expect((await alice.ws.next((f) => f.type === "guest_invitation_ended", "answer")).outcome).toBe("accepted");
    await alice.ws.next((f) => f.type === "participants" && f.participants.length === 2, "participants to the owner");
    const event = await v.next((f) => f.type === "message" && f.kind === "event" && f.body.includes("guest_joined"), "join event");
    expect(JSON.parse(event.body).text).toBe("carol name 加入了对话 / carol name joined");

    expect((await carol.say(conversationId, "我是理财顾问")).status).toBe(200);
    await v.next((f) => f.type === "message" && f.body === "我是理财顾问", "guest message to the visitor");
    await alice.ws.next((f) => f.type === "message" && f.body === "我是理财顾问", "guest message to the owner");
    v.send({ type: "send", cid: cid(), body: "好的谢谢" });
    await carol.ws.next((f) => f.type === "message" && f.body === "好的谢谢", "visitor message to the guest");
    expect(dave.ws.frames.some((f) => f.type === "message" && f.body === "好的谢谢")).toBe(false);
    // A reloaded console finds the chat among the guest's own active chats.
    const mine = async (who: typeof carol) => (await who.api("GET", "/api/conversations?status=active&mine=1")).body.conversations.map((c: any) => c.id);
    expect(await mine(carol)).toEqual([conversationId]);

    expect((await alice.api("POST", `/api/conversations/${conversationId}/leave`)).status).toBe(422);
    expect((await carol.api("POST", `/api/conversations/${conversationId}/leave`)).status).toBe(200);
    const left = await v.next((f) => f.type === "message" && f.body.includes("guest_left"), "leave event");
    expect(JSON.parse(left.body).text).toBe("carol name 离开了对话 / carol name left");
    expect(await mine(carol)).toEqual([]);
    expect((await carol.say(conversationId, "再见")).status).toBe(403);
    expect((await carol.api("POST", `/api/conversations/${conversationId}/leave`)).status).toBe(403);
    // A colleague may also say no; the owner is told.
    const second = await alice.api("POST", `/api/conversations/${conversationId}/guests`, { agentId: dave.id });
    const toDave = await dave.ws.next((f) => f.type === "guest_invitation", "second invitation");
    expect((await dave.api("POST", `/api/guest-invitations/${toDave.id}/decline`)).status).toBe(200);
    expect(await alice.ws.next((f) => f.type === "guest_invitation_ended" && f.id === second.body.invitation.id, "declined")).toMatchObject({ outcome: "declined", agent: { id: dave.id } });
    expect((await dave.say(conversationId, "不参与")).status).toBe(403);
    const actions = (t.db.query("SELECT action FROM audit_log WHERE action LIKE 'chat.guest%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(["chat.guest_invite", "chat.guest_join", "chat.guest_invite"]);
  });
});

describe("auto-busy at the chat limit (A2)", () => {
  it("an agent at max_chats is busy for routing and sees it; below the limit online again", async () => {
    const { t, agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    t.db.run("UPDATE agents SET max_chats = 1 WHERE id = ?", [bob.id]);
    const { conversationId } = await chatWith(bob);
    expect(await bob.ws.next((f) => f.type === "status" && f.effective === "busy", "busy status")).toMatchObject({ status: "online", reason: "limit" });
    expect(t.services.agents.availability.onlineAgents()).toEqual([alice.id]);
    expect((await alice.api("GET", "/api/transfer-targets")).body.agents).toEqual([]);
    await bob.api("POST", `/api/conversations/${conversationId}/end`);
    expect(await bob.ws.next((f) => f.type === "status" && f.effective === "online", "online again")).toMatchObject({ status: "online" });
    expect(t.services.agents.availability.onlineAgents().sort()).toEqual([alice.id, bob.id].sort());
  });
});
