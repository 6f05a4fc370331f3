import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";

/**
 * Automatic invitation rules over real sockets (docs/protocol.md, "Invitation rules"): the
 * server arms the widget's triggers on `page`, re-checks on `invite_fire`, and invites through
 * the ordinary invitation frames; caps, the interval and agent availability hold.
 */
const HOST = "http://shop.example.test";
const admin = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const rule = (o: Record<string, string> = {}) => ({
  name: "Rule", enabled: "1", kind: "invite", trigger: "delay", delay_seconds: "5", url_patterns: "", min_page_views: "0", regions: "", sources: "",
  keywords: "", max_per_visit: "1", interval_seconds: "0", require_agent: "1", group_id: "", style: "popup", text_en: "Can we help you choose?", ...o,
});

async function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop(true));
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, admin);
  const idOf = (publicId: string) => (t.db.query("SELECT id FROM visitors WHERE public_id = ?").get(publicId) as { id: number } | null)?.id ?? 0;
  /** A visitor's page view: connected, `page` sent (with the same token on later pages). */
  async function page(path = "/products/shoes", o: { token?: string; referrer?: string } = {}) {
    const q = o.token ? `&token=${encodeURIComponent(o.token)}` : "";
    const v = await FrameClient.open(`${server.base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${q}`, { origin: HOST });
    stops.push(() => v.close());
    v.send({ type: "page", url: `${HOST}${path}`, title: "Shop", referrer: o.referrer ?? "", language: "en-US", screen: "1x1", timezone: "UTC" });
    const hello = v.frames[0];
    const id = idOf(hello.visitorId);
    // Recorded (the arms go out right after, in the same turn); frames sent after this see the page.
    for (let i = 0; i < 200 && t.services.visitors.presenceOf(id)?.currentUrl !== `${HOST}${path}`; i++) await Bun.sleep(10);
    await Bun.sleep(0);
    return Object.assign(v, { id, token: hello.token as string });
  }
  async function agent(username = "alice") {
    await t.createAgent(username);
    const a = await agentDriver(server.base, username);
    stops.push(a.close);
    return a;
  }
  const invitations = () => t.db.query("SELECT rule_id, agent_id, kind, text, status, conversation_id FROM invitations ORDER BY id").all() as any[];
  /** The next invite_arm for this rule not yet looked at (already received or still to come). */
  const used = new WeakSet<object>();
  const arm = async (v: FrameClient, ruleId: number) => {
    const f = await v.next((x) => x.type === "invite_arm" && x.ruleId === ruleId && !used.has(x), `invite_arm ${ruleId}`);
    used.add(f);
    return f;
  };
  return { t, site, page, agent, invitations, arm };
}

describe("invitation rules (realtime)", () => {
  it("page → invite_arm; fire → the invitation (rule set, no agent); accepting opens a waiting chat with the greeting", async () => {
    const { t, site, page, agent, invitations } = await setup();
    const alice = await agent();
    const r = t.services.invitationRules.create(admin, site.id, rule({ url_patterns: "/products/*", style: "corner" }));
    const v = await page();
    expect(await v.next((f) => f.type === "invite_arm", "arm")).toEqual({ type: "invite_arm", ruleId: r.id, trigger: "delay", delaySeconds: 5 });
    v.send({ type: "invite_fire", ruleId: r.id });
    const invite = await v.next((f) => f.type === "invite", "invitation");
    expect(invite).toMatchObject({ from: "agent", agentName: "", text: "Can we help you choose?", ruleId: r.id, style: "corner" });
    expect(invitations()).toEqual([{ rule_id: r.id, agent_id: null, kind: "invite", text: "Can we help you choose?", status: "shown", conversation_id: null }]);

    v.send({ type: "invite_answer", invitationId: invite.invitationId, accept: true });
    const answered = await v.next((f) => f.type === "invite_answered", "answer");
    expect(answered.status).toBe("accepted");
    const conv = await v.next((f) => f.type === "conversation", "conversation");
    expect(conv.status).toBe("waiting");
    const greeting = await v.next((f) => f.type === "message", "greeting");
    expect(greeting).toMatchObject({ conversationId: conv.id, seq: 1, from: "system", kind: "event" });
    expect(JSON.parse(greeting.body)).toEqual({ event: "greeting", text: "Can we help you choose?" });
    expect(invitations()[0]).toMatchObject({ status: "accepted", conversation_id: conv.id });
    // The agent takes it like any waiting chat.
    expect((await alice.api("POST", `/api/conversations/${conv.id}/accept`)).status).toBe(200);
    v.send({ type: "send", cid: cid(), body: "Yes please" });
    await alice.message((f) => f.body === "Yes please", "visitor message");
  });

  it("a declined invitation is recorded; the rule's times per visit hold on the next pages; other rules take over", async () => {
    const { t, site, page, agent, invitations, arm } = await setup();
    await agent();
    const once = t.services.invitationRules.create(admin, site.id, rule({ name: "Once", delay_seconds: "2" }));
    const second = t.services.invitationRules.create(admin, site.id, rule({ name: "Second", delay_seconds: "30", url_patterns: "/cart" }));
    const v = await page();
    await arm(v, once.id);
    v.send({ type: "invite_fire", ruleId: once.id });
    const invite = await v.next((f) => f.type === "invite", "invitation");
    v.send({ type: "invite_answer", invitationId: invite.invitationId, accept: false });
    expect((await v.next((f) => f.type === "invite_answered", "answer")).status).toBe("declined");
    expect(invitations().map((i) => i.status)).toEqual(["declined"]);
    expect(t.services.chat.openFor(v.id)).toBeNull();
    v.close();

    // The next page of the same visit: "Once" is used up, so nothing is armed here …
    const p2 = await page("/products/other", { token: v.token });
    // … a forged fire is refused too (a refused fire is answered by nothing; the ping after it is the barrier) …
    p2.send({ type: "invite_fire", ruleId: once.id });
    p2.send({ type: "ping" });
    await p2.next((f) => f.type === "pong", "pong");
    // … while on /cart the second rule applies.
    const p3 = await page("/cart", { token: v.token });
    expect((await arm(p3, second.id)).delaySeconds).toBe(30);
    expect(p2.frames.filter((f) => f.type === "invite_arm" || f.type === "invite")).toEqual([]);
    expect(invitations().length).toBe(1);
  });

  it("the interval between invitations: a fire too soon is refused and the rule is armed for the interval's end", async () => {
    const { t, site, page, agent, invitations, arm } = await setup();
    await agent();
    const r = t.services.invitationRules.create(admin, site.id, rule({ delay_seconds: "0", max_per_visit: "0", interval_seconds: "120" }));
    const v = await page();
    await arm(v, r.id);
    v.send({ type: "invite_fire", ruleId: r.id });
    const first = await v.next((f) => f.type === "invite", "first invitation");
    // On screen: the other triggers stand down (a disarm), and nothing is armed until it is answered.
    v.send({ type: "invite_answer", invitationId: first.invitationId, accept: false });
    // Answered: armed again, but only for when the interval ends.
    expect((await arm(v, r.id)).delaySeconds).toBe(120);
    v.send({ type: "invite_fire", ruleId: r.id }); // too early
    expect((await arm(v, r.id)).delaySeconds).toBe(120);
    expect(invitations().length).toBe(1);
    t.clock.advance(121_000);
    v.send({ type: "invite_fire", ruleId: r.id });
    await v.nextNew((f) => f.type === "invite", "second invitation");
    expect(invitations().map((i) => i.status)).toEqual(["declined", "shown"]);
  });

  it("no agent able to take the chat: nothing is armed and a fire invites nobody; an agent coming online arms it, going offline disarms", async () => {
    const { t, site, page, agent, invitations, arm } = await setup();
    const r = t.services.invitationRules.create(admin, site.id, rule());
    const v = await page();
    v.send({ type: "invite_fire", ruleId: r.id });
    v.send({ type: "ping" });
    await v.next((f) => f.type === "pong", "pong");
    expect(v.frames.filter((f) => f.type === "invite_arm" || f.type === "invite")).toEqual([]);
    expect(invitations()).toEqual([]);
    const alice = await agent();
    await arm(v, r.id);
    expect((await alice.api("PUT", "/api/me/status", { status: "away" })).status).toBe(200);
    expect(await v.nextNew((f) => f.type === "invite_disarm", "disarm")).toEqual({ type: "invite_disarm", ruleId: r.id });
    v.send({ type: "invite_fire", ruleId: r.id });
    v.send({ type: "ping" });
    await v.nextNew((f) => f.type === "pong", "pong");
    expect(invitations()).toEqual([]);
    // A rule that does not need an agent invites anyway.
    const any = t.services.invitationRules.create(admin, site.id, rule({ name: "Any", trigger: "leave", require_agent: "" }));
    expect(await arm(v, any.id)).toMatchObject({ trigger: "leave", delaySeconds: 0 });
    v.send({ type: "invite_fire", ruleId: any.id });
    expect((await v.nextNew((f) => f.type === "invite", "invitation")).ruleId).toBe(any.id);
  });

  it("a rule for a group waits for that group's agents", async () => {
    const { t, site, page, agent, arm } = await setup();
    await agent("alice");
    const bob = await t.createAgent("bob");
    const g = t.services.groups.create(admin, { name: "Loans", member_ids: [bob.id] });
    const r = t.services.invitationRules.create(admin, site.id, rule({ group_id: String(g.id) }));
    const v = await page();
    expect(v.frames.filter((f) => f.type === "invite_arm")).toEqual([]);
    const b = await agentDriver(`http://127.0.0.1:${new URL(v.ws.url).port}`, "bob");
    stops.push(b.close);
    await arm(v, r.id);
  });

  it("proactive: the chat opens waiting with the rule's text from the site, the panel is told to open; the first reply accepts it", async () => {
    const { t, site, page, agent, invitations } = await setup();
    await agent();
    const r = t.services.invitationRules.create(admin, site.id, rule({ kind: "proactive", trigger: "leave", text_en: "" }));
    const v = await page();
    await v.next((f) => f.type === "invite_arm", "arm");
    v.send({ type: "invite_fire", ruleId: r.id });
    const conv = await v.next((f) => f.type === "conversation", "conversation");
    const greeting = await v.next((f) => f.type === "message", "greeting");
    // No English text on the rule: the default text of the widget's catalogue.
    expect(JSON.parse(greeting.body)).toEqual({ event: "greeting", text: "Hello! Can I help you with anything?" });
    expect(await v.next((f) => f.type === "proactive", "proactive")).toMatchObject({ from: "agent", conversationId: conv.id, ruleId: r.id, style: "popup" });
    expect(invitations()).toEqual([{ rule_id: r.id, agent_id: null, kind: "proactive", text: "Hello! Can I help you with anything?", status: "shown", conversation_id: conv.id }]);
    // Chatting now: a second fire opens nothing more.
    v.send({ type: "invite_fire", ruleId: r.id });
    v.send({ type: "send", cid: cid(), body: "Hi!" });
    await v.next((f) => f.type === "ack", "ack");
    for (let i = 0; i < 100 && invitations()[0].status === "shown"; i++) await Bun.sleep(20);
    expect(invitations()).toEqual([expect.objectContaining({ status: "accepted", conversation_id: conv.id })]);
    expect(t.db.query("SELECT count(*) AS n FROM conversations").get()).toEqual({ n: 1 });
  });

  it("two tabs firing at once invite once", async () => {
    const { t, site, page, agent, invitations } = await setup();
    await agent();
    const r = t.services.invitationRules.create(admin, site.id, rule({ max_per_visit: "0" }));
    const a = await page();
    const b = await page("/products/b", { token: a.token });
    await a.next((f) => f.type === "invite_arm", "arm a");
    a.send({ type: "invite_fire", ruleId: r.id });
    b.send({ type: "invite_fire", ruleId: r.id });
    await a.next((f) => f.type === "invite", "invitation");
    await b.next((f) => f.type === "invite", "invitation in the other tab");
    b.send({ type: "ping" });
    await b.nextNew((f) => f.type === "pong", "pong");
    expect(invitations().length).toBe(1);
  });
});
