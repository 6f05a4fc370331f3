import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { SseClient } from "./sse.ts";

/** V24 over the visitor channel: the offered list in `connected`, live `entry` frames, the choice on `send`. */
const HOST = "http://shop.example.test";
const actor = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop());
  const base = server.base;
  const s = t.services;
  const ann = await t.createAgent("ann");
  const bob = await t.createAgent("bob");
  const sales = s.groups.create(actor, { name: "售前 <b>Sales</b>", position: 0, member_ids: [String(ann.id)] });
  const service = s.groups.create(actor, { name: "售后 Service", position: 1, member_ids: [String(bob.id)] });
  const site = s.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en", entry_choice: "groups", route_group_id: service.id }, actor);
  const visitor = () => FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST });
  async function agent(username: string) {
    const d = await agentDriver(base, username);
    stops.push(d.close);
    return d;
  }
  return { t, s, base, site, sales, service, ann, bob, visitor, agent };
}

const groupOf = (t: ReturnType<typeof createTestApp>, conversationId: number) =>
  t.db.query("SELECT group_id, requested_agent_id FROM conversations WHERE id = ?").get(conversationId) as { group_id: number | null; requested_agent_id: number | null };

describe("visitor channel: entry choice (V24)", () => {
  it("sends the offered groups in connected, then live status changes as agents come, go away and return", async () => {
    const { sales, service, visitor, agent } = await setup();
    const v = await visitor();
    expect(v.frames[0].entry).toEqual({
      kind: "groups",
      options: [{ id: sales.id, name: "售前 <b>Sales</b>", online: false }, { id: service.id, name: "售后 Service", online: false }],
    });
    const ann = await agent("ann");
    const up = await v.next((f) => f.type === "entry" && f.options[0].online, "sales online");
    expect(up).toMatchObject({ kind: "groups", options: [{ id: sales.id, online: true }, { id: service.id, online: false }] });
    ann.ws.send({ type: "status", status: "away" });
    await v.nextNew((f) => f.type === "entry" && !f.options[0].online, "sales away");
    ann.ws.send({ type: "status", status: "online" });
    await v.nextNew((f) => f.type === "entry" && f.options[0].online, "sales back");
    ann.close();
    await v.nextNew((f) => f.type === "entry" && !f.options[0].online, "sales offline after the console closed");
    v.close();
  });

  it("follows admin changes live: a renamed group, a new member, and a site that stops offering the choice", async () => {
    const { s, site, sales, service, bob, visitor, agent } = await setup();
    const v = await visitor();
    await agent("bob");
    await v.next((f) => f.type === "entry" && f.options[1].online, "service online");
    s.groups.update(actor, sales.id, { name: "售前咨询 Presales", position: 0, member_ids: [String(bob.id)] });
    const renamed = await v.nextNew((f) => f.type === "entry" && f.options[0].name === "售前咨询 Presales", "renamed group");
    expect(renamed.options).toEqual([{ id: sales.id, name: "售前咨询 Presales", online: true }, { id: service.id, name: "售后 Service", online: true }]);
    s.sites.update(site.id, { name: "Shop", allowed_origins: HOST, default_language: "en", entry_choice: "none" }, actor);
    const gone = await v.nextNew((f) => f.type === "entry" && f.options.length === 0, "choice withdrawn");
    expect(gone.options).toEqual([]);
    v.close();
  });

  it("opens the chat in the chosen group, refuses a forged choice with its field, and uses the binding without a choice", async () => {
    const { t, s, sales, service, bob, visitor } = await setup();
    const v1 = await visitor();
    const forged = cid();
    v1.send({ type: "send", cid: forged, body: "hello", groupId: 424242 });
    const err = await v1.next((f) => f.type === "error" && f.cid === forged, "refusal");
    expect(err).toMatchObject({ code: "invalid", field: "groupId" });
    // A choice of agent where the site offers groups is refused the same way.
    const wrongKind = cid();
    v1.send({ type: "send", cid: wrongKind, body: "hello", agentId: bob.id });
    expect(await v1.next((f) => f.type === "error" && f.cid === wrongKind, "refusal")).toMatchObject({ field: "agentId" });
    expect(t.db.query("SELECT count(*) AS n FROM conversations").get()).toEqual({ n: 0 });

    const first = cid();
    v1.send({ type: "send", cid: first, body: "hello", groupId: sales.id });
    const ack = await v1.next((f) => f.type === "ack" && f.cid === first, "ack");
    expect(groupOf(t, ack.conversationId)).toEqual({ group_id: sales.id, requested_agent_id: null });

    const v2 = await visitor();
    const plain = cid();
    v2.send({ type: "send", cid: plain, body: "no choice" });
    const ack2 = await v2.next((f) => f.type === "ack" && f.cid === plain, "ack");
    expect(groupOf(t, ack2.conversationId)).toEqual({ group_id: service.id, requested_agent_id: null });
    expect(s.chat.get(ack2.conversationId)!.status).toBe("waiting");
    v1.close();
    v2.close();
  });

  it("names the chat's group for agents: on the conversation frame and in the waiting list", async () => {
    const { sales, visitor, agent } = await setup();
    const ann = await agent("ann");
    const v = await visitor();
    const id = cid();
    v.send({ type: "send", cid: id, body: "hello", groupId: sales.id });
    const ack = await v.next((f) => f.type === "ack" && f.cid === id, "ack");
    const frame = await ann.ws.next((f) => f.type === "conversation" && f.id === ack.conversationId, "conversation frame");
    expect(frame.groupName).toBe("售前 <b>Sales</b>");
    const list = await ann.api("GET", "/api/conversations?status=waiting");
    expect(list.body.conversations.find((c: { id: number }) => c.id === ack.conversationId)).toMatchObject({ group_id: sales.id, groupName: "售前 <b>Sales</b>" });
    v.close();
  });

  it("carries the choice over the HTTP fallback too, and binds to an agent where the site says so", async () => {
    const { t, s, base, site, service, ann } = await setup();
    const res = await fetch(`${base}/rt/visitor/stream?site=${site.site_key}`, { headers: { origin: HOST } });
    const sse = new SseClient(res);
    const connected = await sse.next((f) => f.type === "connected", "connected");
    expect(connected.entry.options.map((o: { id: number }) => o.id)).toContain(service.id);
    const post = (frame: object) =>
      fetch(`${base}/rt/visitor/frames?stream=${connected.stream}&token=${encodeURIComponent(connected.token)}`, { method: "POST", headers: { origin: HOST, "content-type": "text/plain" }, body: JSON.stringify(frame) }).then((r) => r.json());
    const [refused] = await post({ type: "send", cid: cid(), body: "x", groupId: "nope" });
    expect(refused).toMatchObject({ type: "error", code: "invalid", field: "groupId" });
    const [ack] = await post({ type: "send", cid: cid(), body: "over http", groupId: String(service.id) });
    expect(ack.type).toBe("ack");
    expect(groupOf(t, ack.conversationId)).toEqual({ group_id: service.id, requested_agent_id: null });
    await sse.cancel();

    // An entry bound to one agent, without a choice: the chat asks for that agent.
    const bound = s.sites.create({ name: "Bound", allowed_origins: HOST, default_language: "en", route_agent_id: ann.id }, actor);
    const v = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${bound.site_key}`, { origin: HOST });
    expect(v.frames[0].entry).toBeUndefined();
    const id = cid();
    v.send({ type: "send", cid: id, body: "hi", groupId: 1 }); // ignored: this site offers no choice
    const a = await v.next((f) => f.type === "ack" && f.cid === id, "ack");
    expect(groupOf(t, a.conversationId)).toEqual({ group_id: null, requested_agent_id: ann.id });
    v.close();
  });
});
