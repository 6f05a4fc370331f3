import { afterEach, describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { SseClient } from "./sse.ts";

/**
 * Supervision (A20) over the real API and sockets: the board, watching a chat live, whispers
 * that never reach the visitor (WebSocket, HTTP fallback, resync), take over, end, sign out, the
 * department scope of a department admin, and the audit trail of each action.
 */
setDefaultTimeout(60_000);

const HOST = "http://shop.example.test";
const admin = { id: null, name: "test" };
const stops: (() => unknown)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop(true));
  const base = server.base;
  const wsBase = base.replace("http", "ws");
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, admin);
  async function agent(username: string, role = "agent", departmentId: number | null = null) {
    const row = await t.createAgent(username, role);
    if (departmentId !== null) t.services.departments.setAgentDepartment(row.id, departmentId, admin);
    const d = await agentDriver(base, username);
    stops.push(d.close);
    const say = (conversationId: number, body: string) => d.api("POST", `/api/conversations/${conversationId}/messages`, { cid: cid(), body });
    return { ...d, id: row.id, name: row.display_name, say };
  }
  type Agent = Awaited<ReturnType<typeof agent>>;
  /** A visitor who wrote first, and the agent who accepted the chat. */
  async function chatWith(owner: Agent, text = "我想咨询贷款") {
    const v = await FrameClient.open(`${wsBase}/ws/visitor?site=${site.site_key}`, { origin: HOST });
    stops.push(() => v.close());
    v.send({ type: "send", cid: cid(), body: text });
    const ack = await v.next((f) => f.type === "ack", "ack");
    expect((await owner.api("POST", `/api/conversations/${ack.conversationId}/accept`)).status).toBe(200);
    await v.next((f) => f.type === "conversation" && f.status === "active", "accepted");
    return { v, conversationId: ack.conversationId as number, token: v.frames[0].token as string };
  }
  const audit = (action: string) => t.db.query("SELECT actor_name AS actor, target_id AS target, detail FROM audit_log WHERE action = ? ORDER BY id").all(action) as { actor: string; target: string; detail: string }[];
  /** Everything published to this socket before now has arrived (frames keep their order). */
  const settled = async (c: FrameClient) => {
    c.send({ type: "ping" });
    await c.nextNew((f) => f.type === "pong", "pong");
  };
  return { t, base, wsBase, site, agent, chatWith, audit, settled };
}

describe("supervision permissions and scope", () => {
  it("refuses every supervision action to an agent without the permissions (403)", async () => {
    const { agent, chatWith } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const { conversationId } = await chatWith(alice);
    expect((await bob.api("GET", "/api/supervision/agents")).status).toBe(403);
    expect((await bob.api("POST", `/api/conversations/${conversationId}/monitor`)).status).toBe(403);
    expect((await bob.api("POST", `/api/conversations/${conversationId}/takeover`)).status).toBe(403);
    expect((await bob.api("POST", `/api/supervision/agents/${alice.id}/signout`)).status).toBe(403);
    expect((await bob.api("POST", `/api/conversations/${conversationId}/whispers`, { cid: cid(), body: "hi" })).status).toBe(403);
    expect((await bob.api("GET", `/api/conversations/${conversationId}/whispers`)).status).toBe(403);
    expect((await bob.api("POST", `/api/conversations/${conversationId}/end`)).status).toBe(403);
  });

  it("shows a supervisor every agent with status and current chats, and keeps the board live", async () => {
    const { t, agent, chatWith, settled } = await setup();
    const alice = await agent("alice");
    const sup = await agent("sue", "supervisor");
    const visitorRow = () => t.db.query("SELECT visitor_id AS id FROM conversations").get() as { id: number };
    const { conversationId } = await chatWith(alice, "你好");
    t.db.query("UPDATE visitors SET name = '张三' WHERE id = ?").run(visitorRow().id);
    await alice.say(conversationId, "您好");

    const board = await sup.api("GET", "/api/supervision/agents");
    expect(board.status).toBe(200);
    const row = board.body.agents.find((a: any) => a.id === alice.id);
    expect(row).toMatchObject({ username: "alice", displayName: "alice name", status: "online", effective: "online", connected: true });
    expect(row.chats).toHaveLength(1);
    expect(row.chats[0]).toMatchObject({ id: conversationId, role: "owner", visitorName: "张三", siteName: "Shop", lastMessageFrom: "agent" });
    expect(row.chats[0].waitedMs).toBeGreaterThanOrEqual(0);
    expect(row.chats[0].lastMessageAt).toBeNumber();
    expect(board.body.agents.map((a: any) => a.username)).toContain("sue");

    // Alice goes busy: the supervisor's console hears it without asking.
    alice.ws.send({ type: "status", status: "busy" });
    const live = await sup.ws.next((f) => f.type === "supervision_agent" && f.agentId === alice.id && f.agent?.status === "busy", "alice busy on the board", 30_000);
    expect(live.agent.chats[0].id).toBe(conversationId);
    // A plain agent's socket gets no board frames.
    await settled(alice.ws);
    expect(alice.ws.frames.some((f) => f.type === "supervision_agent")).toBe(false);
  });

  it("lets a department admin supervise only their own department (others 404)", async () => {
    const { t, agent, chatWith, audit } = await setup();
    const sales = t.services.departments.create({ name: "销售部" }, admin);
    const loans = t.services.departments.create({ name: "贷款部" }, admin);
    const alice = await agent("alice", "agent", sales.id);
    const bob = await agent("bob", "agent", loans.id);
    const dora = await agent("dora", "department_admin", sales.id);
    const mine = await chatWith(alice, "销售问题");
    const theirs = await chatWith(bob, "贷款问题");

    const board = await dora.api("GET", "/api/supervision/agents");
    expect(board.body.agents.map((a: any) => a.username).sort()).toEqual(["alice", "dora"]);
    expect((await dora.api("POST", `/api/conversations/${theirs.conversationId}/monitor`)).status).toBe(404);
    expect((await dora.api("POST", `/api/conversations/${theirs.conversationId}/whispers`, { cid: cid(), body: "x" })).status).toBe(404);
    expect((await dora.api("POST", `/api/conversations/${theirs.conversationId}/takeover`)).status).toBe(404);
    expect((await dora.api("POST", `/api/conversations/${theirs.conversationId}/end`)).status).toBe(404);
    expect((await dora.api("POST", `/api/supervision/agents/${bob.id}/signout`)).status).toBe(404);
    expect(t.services.chat.get(theirs.conversationId)!.status).toBe("active");

    expect((await dora.api("POST", `/api/conversations/${mine.conversationId}/monitor`)).status).toBe(200);
    // Board frames about the other department's agents never reach her socket.
    bob.ws.send({ type: "status", status: "away" });
    alice.ws.send({ type: "status", status: "away" });
    await dora.ws.next((f) => f.type === "supervision_agent" && f.agentId === alice.id && f.agent?.status === "away", "own department's agent");
    expect(dora.ws.frames.some((f) => f.type === "supervision_agent" && f.agentId === bob.id)).toBe(false);
    expect(audit("supervision.monitor").map((r) => r.target)).toEqual([String(mine.conversationId)]);
  });

  it("moves a department board's last-message column on each message in its agents' chats", async () => {
    const { t, agent, chatWith, settled } = await setup();
    const sales = t.services.departments.create({ name: "销售部" }, admin);
    const alice = await agent("alice", "agent", sales.id);
    const { v, conversationId } = await chatWith(alice, "第一句");
    // The first admin leaves and a message goes by with nobody on the board; then a second comes.
    const first = await agent("dora", "department_admin", sales.id);
    first.close();
    while (!first.ws.closed) await Bun.sleep(5);
    const unwatched = cid();
    v.send({ type: "send", cid: unwatched, body: "没人看的一句" });
    await v.next((f) => f.type === "ack" && f.cid === unwatched, "ack of the unwatched message");
    await settled(alice.ws);
    const dina = await agent("dina", "department_admin", sales.id);
    v.send({ type: "send", cid: cid(), body: "第二句" });
    await dina.ws.next((f) => f.type === "supervision_agent" && f.agentId === alice.id && f.agent?.chats?.[0]?.lastMessageFrom === "visitor", "visitor's message on the board");
    await alice.say(conversationId, "您好");
    await dina.ws.next((f) => f.type === "supervision_agent" && f.agentId === alice.id && f.agent?.chats?.[0]?.lastMessageFrom === "agent", "agent's reply on the board");
  });
});

describe("watching and whispering", () => {
  it("sends a watched chat's messages, typing and drafts to the supervisor live, read only, until they stop", async () => {
    const { agent, chatWith, audit, settled } = await setup();
    const alice = await agent("alice");
    const sup = await agent("sue", "supervisor");
    const { v, conversationId } = await chatWith(alice);

    const watch = await sup.api("POST", `/api/conversations/${conversationId}/monitor`);
    expect(watch.status).toBe(200);
    expect(watch.body.messages.map((m: any) => m.body)).toContain("我想咨询贷款");
    expect(watch.body.whispers).toEqual([]);
    // Watching again is harmless and is audited once.
    expect((await sup.api("POST", `/api/conversations/${conversationId}/monitor`)).status).toBe(200);
    expect(audit("supervision.monitor")).toHaveLength(1);
    expect(audit("supervision.monitor")[0].actor).toBe("sue");

    v.send({ type: "typing", on: true });
    await sup.ws.next((f) => f.type === "typing" && f.conversationId === conversationId && f.on === true, "visitor typing");
    v.send({ type: "draft", text: "我的收入是" });
    await sup.ws.next((f) => f.type === "draft" && f.conversationId === conversationId && f.text === "我的收入是", "visitor draft");
    v.send({ type: "send", cid: cid(), body: "月收入一万" });
    await sup.ws.next((f) => f.type === "message" && f.body === "月收入一万", "visitor message");
    await alice.say(conversationId, "可以申请");
    await sup.ws.next((f) => f.type === "message" && f.body === "可以申请" && f.from === "agent", "agent message");
    alice.ws.send({ type: "typing", conversationId, on: true });
    await sup.ws.next((f) => f.type === "typing" && f.from === "agent" && f.agentId === alice.id, "agent typing");

    // Watching is reading: the supervisor may not write into the chat.
    expect((await sup.say(conversationId, "我来说一句")).status).toBe(403);

    expect((await sup.api("DELETE", `/api/conversations/${conversationId}/monitor`)).status).toBe(200);
    v.send({ type: "send", cid: cid(), body: "之后的消息" });
    await alice.message((f) => f.body === "之后的消息", "alice still gets it");
    await settled(sup.ws);
    expect(sup.ws.frames.some((f) => f.type === "message" && f.body === "之后的消息")).toBe(false);
  });

  it("delivers whispers to the agents and watchers only: never over the visitor's socket, HTTP fallback or resync", async () => {
    const { t, base, wsBase, site, agent, chatWith, audit, settled } = await setup();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const sup = await agent("sue", "supervisor");
    const { v, conversationId, token } = await chatWith(alice);
    // The same visitor in a second tab over the HTTP fallback (SSE).
    const res = await fetch(`${base}/rt/visitor/stream?site=${site.site_key}&token=${encodeURIComponent(token)}`, { headers: { origin: HOST } });
    const sse = new SseClient(res);
    stops.push(() => sse.cancel());
    await sse.next((f) => f.type === "connected", "sse connected");
    await alice.say(conversationId, "第一句回复");

    expect((await sup.api("POST", `/api/conversations/${conversationId}/monitor`)).status).toBe(200);
    const secret = "悄悄话：客户是VIP，可以给优惠利率";
    const sent = await sup.api("POST", `/api/conversations/${conversationId}/whispers`, { cid: "w1", body: secret });
    expect(sent.status).toBe(200);
    expect(sent.body.whisper).toMatchObject({ conversationId, afterSeq: 3, senderName: "sue name", body: secret });
    const heard = await alice.ws.next((f) => f.type === "whisper" && f.body === secret, "alice hears the whisper");
    expect(heard).toMatchObject({ conversationId, senderId: sup.id, afterSeq: 3 });
    await sup.ws.next((f) => f.type === "whisper" && f.body === secret, "the supervisor's own console too");
    // A retry with the same cid stores nothing new.
    expect((await sup.api("POST", `/api/conversations/${conversationId}/whispers`, { cid: "w1", body: secret })).body.duplicate).toBe(true);

    // The agent answers with a whisper of her own (no chat.whisper needed for her own chat).
    const reply = "收到，我按VIP处理";
    expect((await alice.api("POST", `/api/conversations/${conversationId}/whispers`, { cid: "w2", body: reply })).status).toBe(200);
    await sup.ws.next((f) => f.type === "whisper" && f.body === reply, "the supervisor hears the answer");
    // Bob, not in the chat, neither hears nor reads them.
    expect((await bob.api("GET", `/api/conversations/${conversationId}/whispers`)).status).toBe(403);

    const list = await alice.api("GET", `/api/conversations/${conversationId}/whispers`);
    expect(list.body.whispers.map((w: any) => [w.afterSeq, w.body])).toEqual([[3, secret], [3, reply]]);

    // A message after the whispers reaches every visitor channel: by then the whispers would have too.
    await alice.say(conversationId, "为您办理");
    await v.next((f) => f.type === "message" && f.body === "为您办理", "visitor ws gets the reply");
    await sse.next((f) => f.type === "message" && f.body === "为您办理", "visitor sse gets the reply");
    await settled(bob.ws);
    for (const frames of [v.frames, sse.frames, bob.ws.frames]) {
      expect(JSON.stringify(frames)).not.toContain("VIP");
      expect(frames.some((f) => f.type === "whisper")).toBe(false);
    }

    // A reconnecting visitor resyncs from 0: the whole transcript, still without a whisper, and gapless.
    const back = await FrameClient.open(`${wsBase}/ws/visitor?site=${site.site_key}&token=${encodeURIComponent(token)}`, { origin: HOST });
    stops.push(() => back.close());
    back.send({ type: "resume", conversationId, lastSeq: 0 });
    const resumed = await back.next((f) => f.type === "resumed", "resumed");
    const replayed = back.frames.filter((f) => f.type === "message");
    expect(replayed.map((f) => f.seq)).toEqual(Array.from({ length: resumed.lastSeq }, (_, i) => i + 1));
    expect(JSON.stringify(back.frames)).not.toContain("VIP");
    // Nothing of them in the messages table either, which is all the visitor's transcript reads.
    expect(t.db.query("SELECT count(*) AS n FROM messages WHERE body LIKE '%VIP%'").get()).toEqual({ n: 0 });
    // The agent's transcript API stays messages only; whispers have their own list.
    expect(JSON.stringify((await alice.api("GET", `/api/conversations/${conversationId}/messages`)).body)).not.toContain("VIP");

    expect(audit("supervision.whisper").map((r) => r.actor)).toEqual(["sue", "alice"]);
  });
});

describe("take over, end, sign out", () => {
  it("makes the supervisor the owner: the visitor sees who took over, the former agent may no longer write", async () => {
    const { t, agent, chatWith, audit } = await setup();
    const alice = await agent("alice");
    const sup = await agent("sue", "supervisor");
    const { v, conversationId } = await chatWith(alice);
    expect((await sup.api("POST", `/api/conversations/${conversationId}/monitor`)).status).toBe(200);

    const r = await sup.api("POST", `/api/conversations/${conversationId}/takeover`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ previousAgentId: alice.id, conversation: { agent_id: sup.id, status: "active" } });
    expect(t.services.chat.get(conversationId)!.agent_id).toBe(sup.id);

    const event = await v.next((f) => f.type === "message" && f.kind === "event" && f.body.includes("transferred"), "takeover line");
    expect(JSON.parse(event.body).text).toBe("客服 sue name 已接待您 / sue name has taken over");
    await v.next((f) => f.type === "conversation" && f.agentName === "sue name", "new agent's name");
    const parts = await alice.ws.next((f) => f.type === "participants" && f.conversationId === conversationId, "alice told she left");
    expect(parts.ownerId).toBe(sup.id);
    // The former owner sees the takeover line (why the chat turned read only), then nothing more.
    await alice.message((f) => f.kind === "event" && f.body.includes("sue name has taken over"), "takeover line for alice");

    expect((await alice.say(conversationId, "还是我来")).status).toBe(403);
    expect((await sup.say(conversationId, "我是主管，为您继续服务")).status).toBe(200);
    await v.next((f) => f.type === "message" && f.body === "我是主管，为您继续服务", "the supervisor's reply");
    // Taken over twice is a conflict, not a second takeover line.
    expect((await sup.api("POST", `/api/conversations/${conversationId}/takeover`)).status).toBe(409);
    expect(audit("supervision.takeover").map((a) => [a.actor, JSON.parse(a.detail)])).toEqual([["sue", { from: alice.id, to: sup.id }]]);
  });

  it("ends another agent's chat with chat.end_any, audited; the agent's own end is not a supervision action", async () => {
    const { t, agent, chatWith, audit } = await setup();
    const alice = await agent("alice");
    const sup = await agent("sue", "supervisor");
    const first = await chatWith(alice, "第一位");
    const second = await chatWith(alice, "第二位");
    expect((await sup.api("POST", `/api/conversations/${first.conversationId}/end`)).status).toBe(200);
    expect(t.services.chat.get(first.conversationId)!.status).toBe("ended");
    await first.v.next((f) => f.type === "conversation" && f.status === "ended", "visitor sees the end");
    expect((await alice.api("POST", `/api/conversations/${second.conversationId}/end`)).status).toBe(200);
    expect(audit("supervision.end").map((a) => [a.actor, a.target])).toEqual([["sue", String(first.conversationId)]]);
  });

  it("signs an agent out: sessions ended, socket closed with 4001, API 401, login log and audit", async () => {
    const { t, agent, audit } = await setup();
    const alice = await agent("alice");
    const sup = await agent("sue", "supervisor");
    expect((await sup.api("POST", `/api/supervision/agents/${sup.id}/signout`)).status).toBe(422);

    const r = await sup.api("POST", `/api/supervision/agents/${alice.id}/signout`);
    expect(r.status).toBe(200);
    await alice.ws.next(() => false, "close").catch(() => {});
    expect(alice.ws.closed?.code).toBe(4001);
    expect((await alice.api("GET", "/api/me").catch(() => ({ status: 401 }))).status).toBe(401);
    const log = t.db.query("SELECT username, result, reason FROM login_log WHERE agent_id = ? ORDER BY id DESC LIMIT 1").get(alice.id);
    expect(log).toEqual({ username: "alice", result: "logout", reason: "signed_out_by_supervisor" });
    expect(audit("supervision.signout").map((a) => [a.actor, a.target])).toEqual([["sue", String(alice.id)]]);
    // The supervisor stays signed in.
    expect((await sup.api("GET", "/api/supervision/agents")).status).toBe(200);
  });
});
