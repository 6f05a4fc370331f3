import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { solve } from "../src/flood/pow.ts";

/**
 * Anti-flood (V22) over real sockets on loopback: many visitor ids from one source IP (set
 * through the trusted proxy's X-Forwarded-For) flood chat requests and messages; that source
 * gets challenges and cannot go on without solving one, while another source chats normally
 * throughout. Bounded: 25 flooding visitors, 30 flooded messages.
 */
const HOST = "http://shop.example.test";
const actor = { id: null, name: "test" };
const FLOODER = "203.0.113.66";
const NEIGHBOUR = "198.51.100.7";
const stops: (() => unknown)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function setup() {
  const t = createTestApp({ realSocketPeer: true, config: (c) => void (c.server.trusted_proxies = ["127.0.0.1"]) });
  const server = t.listen();
  stops.push(() => server.stop(true));
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, actor);
  t.services.siteSettings.update(site.id, "flood", { enabled: "1", chats_per_minute: "5", messages_per_minute: "20", difficulty: "12", pass_minutes: "10" }, actor);
  await t.createAgent("alice");
  const agent = await agentDriver(server.base, "alice");
  stops.push(agent.close);
  const visitor = async (ip: string, token?: string) => {
    const v = await FrameClient.open(`${server.base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${token ? `&token=${encodeURIComponent(token)}` : ""}`, { origin: HOST, "x-forwarded-for": ip });
    stops.push(() => v.close());
    return v;
  };
  /** Sends a message and resolves with the frame that answers it (ack or error). */
  const send = (v: FrameClient, body: string, c = cid()) => {
    v.send({ type: "send", cid: c, body });
    return v.nextNew((f) => (f.type === "ack" || f.type === "error") && f.cid === c, `answer to "${body}"`, 15_000);
  };
  return { t, site, agent, visitor, send };
}

describe("anti-flood", () => {
  it("challenges the flooding source, which cannot go on without solving, while another source chats normally", async () => {
    const { t, agent, visitor, send } = await setup();
    const neighbour = await visitor(NEIGHBOUR);
    let n = 0;
    const neighbourSays = async () => {
      const body = `neighbour message ${++n}`;
      const answer = await send(neighbour, body);
      expect(answer).toMatchObject({ type: "ack" });
      await agent.message((f) => f.body === body, `the agent receiving "${body}"`);
    };
    await neighbourSays();

    // 25 visitor ids from one address each ask for a chat, in waves, the neighbour writing between.
    const flooders: FrameClient[] = [];
    const answers: any[] = [];
    for (let wave = 0; wave < 5; wave++) {
      const wavers = await Promise.all(Array.from({ length: 5 }, () => visitor(FLOODER)));
      flooders.push(...wavers);
      answers.push(...(await Promise.all(wavers.map((v, i) => send(v, `flood ${wave}.${i}`)))));
      await neighbourSays();
    }
    const acked = answers.filter((a) => a.type === "ack");
    const challenged = answers.filter((a) => a.code === "challenge_required");
    expect(acked).toHaveLength(5);
    expect(challenged).toHaveLength(20);
    // (Plain checks: bun's toMatchObject with asymmetric matchers overwrites the received fields.)
    for (const c of challenged) expect([typeof c.challenge.id, /^[0-9a-f]{32}$/.test(c.challenge.seed), c.challenge.difficulty]).toEqual(["string", true, 12]);
    expect(new Set(challenged.map((c) => c.challenge.id)).size).toBe(1); // one puzzle per source at a time
    // Nothing of a refused frame was stored: 5 flooded chats and the neighbour's.
    expect(t.db.query("SELECT count(*) AS n FROM conversations").get()).toEqual({ n: 6 });

    // Without solving: the same frame again, a wrong answer, a replay of nothing — still refused.
    const stuck = flooders[answers.indexOf(challenged[0])];
    const stuckCid = challenged[0].cid;
    expect(await send(stuck, "flood again", stuckCid)).toMatchObject({ code: "challenge_required" });
    stuck.send({ type: "pow", id: challenged[0].challenge.id, nonce: "12345x" });
    const failed = await stuck.nextNew((f) => f.type === "error" && f.code === "challenge_failed", "challenge_failed");
    expect(failed.reason).toBe("wrong");
    const again = await send(stuck, "flood again", stuckCid);
    expect(again).toMatchObject({ code: "challenge_required" });
    expect(again.challenge.id).not.toBe(challenged[0].challenge.id); // the wrong answer used it up
    await neighbourSays();

    // A flooder already in a chat floods messages: past 20 a minute from this address, refused too.
    const chatting = flooders[answers.indexOf(acked[0])];
    const replies = [];
    for (let i = 0; i < 30; i++) replies.push(await send(chatting, `spam ${i}`));
    expect(replies.filter((r) => r.type === "ack")).toHaveLength(15); // 20 minus the five chat openings
    expect(replies.slice(15).every((r) => r.code === "challenge_required")).toBe(true);
    await neighbourSays();

    // Solving lets the source go on: the refused message goes through once, with its cid.
    const challenge = again.challenge;
    stuck.send({ type: "pow", id: challenge.id, nonce: solve(challenge.seed, challenge.difficulty) });
    await stuck.nextNew((f) => f.type === "pow_ok", "pow_ok");
    const through = await send(stuck, "flood again", stuckCid);
    expect(through).toMatchObject({ type: "ack" });
    expect(await send(stuck, "flood again", stuckCid)).toMatchObject({ type: "ack", seq: through.seq }); // a resend stores nothing new
    expect(t.db.query("SELECT count(*) AS n FROM messages WHERE cid = ?").get(stuckCid)).toEqual({ n: 1 });
    // Replaying the used answer is refused.
    stuck.send({ type: "pow", id: challenge.id, nonce: solve(challenge.seed, challenge.difficulty) });
    expect((await stuck.nextNew((f) => f.type === "error" && f.code === "challenge_failed", "replay refused")).reason).toBe("unknown");

    await neighbourSays();
    expect(neighbour.frames.some((f) => f.code === "challenge_required")).toBe(false);
  }, 60_000);

  it("a challenge from another source's puzzle does not unlock this one", async () => {
    const { visitor, send } = await setup();
    const a = await visitor(FLOODER);
    const b = await visitor(NEIGHBOUR);
    for (let i = 0; i < 20; i++) await send(a, `a ${i}`);
    const refused = await send(a, "one too many");
    expect(refused.code).toBe("challenge_required");
    // The answer is right, but sent from the other address.
    b.send({ type: "pow", id: refused.challenge.id, nonce: solve(refused.challenge.seed, refused.challenge.difficulty) });
    expect((await b.nextNew((f) => f.code === "challenge_failed", "refused for another source")).reason).toBe("other_source");
    expect((await send(a, "one too many", refused.cid)).code).toBe("challenge_required");
  });
});
