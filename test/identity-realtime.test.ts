import { describe, expect, it } from "bun:test";
import { cid } from "./frames.ts";
import { accessWorld, IPS } from "./access-world.ts";

/**
 * Trusted identity (V25) over the real visitor channel: the widget's `identify` frame, what the
 * agents see (visitor list rows, `visitor` frames, the visitor panel) and that an unverified
 * visitor is never joined to the member's history.
 */
type World = Awaited<ReturnType<typeof accessWorld>>;

async function chatAndEnd(w: World, v: Awaited<ReturnType<World["visitor"]>>, body: string) {
  const c = cid();
  v.send({ type: "send", cid: c, body });
  const ack = await v.next((f) => f.type === "ack" && f.cid === c, "ack");
  v.send({ type: "end" });
  await v.next((f) => f.type === "conversation" && f.status === "ended", "ended");
  return ack.conversationId as number;
}

describe("trusted identity over the visitor channel", () => {
  it("a valid claim marks the visitor verified with member id and name, in the list, the frames and the panel; a reconnect says so", async () => {
    const w = await accessWorld();
    const alice = await w.agent();
    const v = await w.visitor();
    const id = w.idOf(v);
    v.send({ type: "identify", ...w.claim() });
    expect((await v.next((f) => f.type === "identity", "identity reply")).verified).toBe(true);
    const row = await alice.ws.next((f) => f.type === "visitor" && f.visitor.id === id && f.visitor.member, "verified row");
    expect(row.visitor.member).toMatchObject({ memberId: "M-1001", name: "王小明" });
    const list = await alice.api("GET", "/api/visitors/online");
    expect(list.body.visitors.find((r: any) => r.id === id).member).toMatchObject({ memberId: "M-1001", name: "王小明" });
    const panel = await alice.api("GET", `/api/visitors/${id}`);
    expect(panel.body.member).toMatchObject({ memberId: "M-1001", name: "王小明", otherVisitors: [], conversations: [] });
    const again = await w.visitor({ token: v.frames[0].token });
    expect(again.frames[0].verified).toBe(true);
    expect(v.frames[0].verified).toBeUndefined();
  });

  it("wrong signature, expired, future and missing claims leave the visitor unverified", async () => {
    const w = await accessWorld();
    const alice = await w.agent();
    const now = Math.floor(w.t.clock.now() / 1000);
    const bad = [
      { ...w.claim(), sig: "f".repeat(64) },
      w.claim({ secret: "not-the-site-secret" }),
      { ...w.claim(), name: "李四" },
      w.claim({ ts: now - 11 * 60 }),
      w.claim({ ts: now + 11 * 60 }),
      { memberId: "M-1001", name: "王小明", ts: now },
      {},
    ];
    for (const claim of bad) {
      const v = await w.visitor();
      v.send({ type: "identify", ...claim });
      expect((await v.next((f) => f.type === "identity", "identity reply")).verified).toBe(false);
      const panel = await alice.api("GET", `/api/visitors/${w.idOf(v)}`);
      expect(panel.body.member).toBeNull();
    }
    const list = await alice.api("GET", "/api/visitors/online");
    expect(list.body.visitors.filter((r: any) => r.member)).toEqual([]);
  });

  it("a forged member id is never joined to the member's history; verified visitors of one member are", async () => {
    const w = await accessWorld();
    const alice = await w.agent();
    // The real member chatted yesterday from home.
    const home = await w.visitor({ ip: IPS.guangzhou });
    home.send({ type: "identify", ...w.claim() });
    await home.next((f) => f.type === "identity" && f.verified, "verified");
    const homeChat = await chatAndEnd(w, home, "我的贷款申请进度？");

    // Someone else claims to be M-1001 without the secret.
    const forger = await w.visitor({ ip: IPS.beijing });
    forger.send({ type: "identify", memberId: "M-1001", name: "王小明", ts: Math.floor(w.t.clock.now() / 1000), sig: "0".repeat(64) });
    expect((await forger.next((f) => f.type === "identity", "identity reply")).verified).toBe(false);
    const forged = await alice.api("GET", `/api/visitors/${w.idOf(forger)}`);
    expect(forged.body.member).toBeNull();
    expect(forged.body.conversations).toEqual([]);
    expect(JSON.stringify(forged.body)).not.toContain("M-1001");

    // The real member on another device: the earlier chat is in their history.
    const office = await w.visitor({ ip: IPS.beijing });
    office.send({ type: "identify", ...w.claim() });
    await office.next((f) => f.type === "identity" && f.verified, "verified");
    const panel = await alice.api("GET", `/api/visitors/${w.idOf(office)}`);
    expect(panel.body.member.otherVisitors).toEqual([w.idOf(home)]);
    expect(panel.body.member.conversations.map((c: any) => c.id)).toEqual([homeChat]);
    // And the forger's visitor never shows up as one of the member's visitors.
    expect(panel.body.member.otherVisitors).not.toContain(w.idOf(forger));
  });

  it("a verified visitor whose page names no member any more (signed out) becomes unverified", async () => {
    const w = await accessWorld();
    const alice = await w.agent();
    const v = await w.visitor();
    const id = w.idOf(v);
    v.send({ type: "identify", ...w.claim() });
    await v.next((f) => f.type === "identity" && f.verified, "verified");
    v.send({ type: "identify" });
    await v.nextNew((f) => f.type === "identity" && !f.verified, "unverified");
    await alice.ws.nextNew((f) => f.type === "visitor" && f.visitor.id === id && f.visitor.member === null, "row without member");
    expect((await alice.api("GET", `/api/visitors/${id}`)).body.member).toBeNull();
  });
});
