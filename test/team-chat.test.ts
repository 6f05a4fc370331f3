import { afterEach, describe, expect, it } from "bun:test";
import { cid } from "./frames.ts";
import { stopAll, teamApp } from "./team-setup.ts";

afterEach(stopAll);

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137]);

describe("internal chat", () => {
  it("delivers a direct message live to both members only, with a gapless seq and idempotent cid", async () => {
    const { agent } = teamApp();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const carol = await agent("carol");
    const [wa, wb, wc] = [await alice.connect(), await bob.connect(), await carol.connect()];

    const opened = await alice.api("POST", "/api/team/channels", { agentId: bob.id });
    expect(opened.status).toBe(200);
    const ch = opened.body.channel;
    expect(ch).toMatchObject({ kind: "direct", peer: { id: bob.id } });
    // Bob opening the same pair gets the same channel.
    expect((await bob.api("POST", "/api/team/channels", { agentId: alice.id })).body.channel.id).toBe(ch.id);

    const seqs: number[] = [];
    for (const text of ["你好", "second", "third"]) {
      const r = await alice.api("POST", `/api/team/channels/${ch.id}/messages`, { cid: cid(), body: text });
      expect(r.status).toBe(200);
      seqs.push(r.body.seq);
    }
    expect(seqs).toEqual([1, 2, 3]);
    const c = cid();
    const first = await bob.api("POST", `/api/team/channels/${ch.id}/messages`, { cid: c, body: "reply" });
    const again = await bob.api("POST", `/api/team/channels/${ch.id}/messages`, { cid: c, body: "reply" });
    expect(first.body.seq).toBe(4);
    expect(again.body).toMatchObject({ seq: 4, id: first.body.id, duplicate: true });

    const live = await wb.next((f) => f.type === "internal_message" && f.seq === 1, "bob gets alice's message");
    expect(live).toMatchObject({ channelId: ch.id, senderId: alice.id, senderName: "alice name", body: "你好", kind: "text" });
    await wa.next((f) => f.type === "internal_message" && f.seq === 4, "alice gets bob's reply");
    expect(wb.frames.filter((f) => f.type === "internal_message" && f.seq === 4)).toHaveLength(1);
    // Carol is no member: no frame, no history, no sending.
    // Frames reach a socket in order: once Carol has a later company message, the direct ones would have come first.
    const companyId = (await carol.api("GET", "/api/team/channels")).body.channels[0].id;
    await alice.api("POST", `/api/team/channels/${companyId}/messages`, { cid: cid(), body: "to all" });
    await wc.next((f) => f.type === "internal_message" && f.channelId === companyId, "company message");
    expect(wc.frames.filter((f) => f.type === "internal_message" && f.channelId === ch.id)).toEqual([]);
    expect((await carol.api("GET", `/api/team/channels/${ch.id}/messages`)).status).toBe(404);
    expect((await carol.api("POST", `/api/team/channels/${ch.id}/messages`, { cid: cid(), body: "x" })).status).toBe(404);
    expect((await carol.api("GET", "/api/team/channels")).body.channels.map((x: any) => x.kind)).toEqual(["company"]);

    const history = await bob.api("GET", `/api/team/channels/${ch.id}/messages`);
    expect(history.body.messages.map((m: any) => m.seq)).toEqual([1, 2, 3, 4]);
    expect((await bob.api("GET", `/api/team/channels/${ch.id}/messages?before=3&limit=1`)).body.messages.map((m: any) => m.seq)).toEqual([2]);
    expect((await bob.api("GET", `/api/team/channels/${ch.id}/messages?after=2`)).body.messages.map((m: any) => m.seq)).toEqual([3, 4]);
  }, 20_000);

  it("counts unread messages per agent and channel; reading clears them everywhere", async () => {
    const { agent } = teamApp();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const bobSocket = await bob.connect();
    const company = (await alice.api("GET", "/api/team/channels")).body.channels[0];
    expect(company).toMatchObject({ kind: "company", unread: 0 });
    for (let i = 0; i < 3; i++) await alice.api("POST", `/api/team/channels/${company.id}/messages`, { cid: cid(), body: `大家好 ${i}` });
    await bobSocket.next((f) => f.type === "internal_message" && f.seq === 3 && f.channelId === company.id, "company message");

    const bobView = (await bob.api("GET", "/api/team/channels")).body.channels[0];
    expect(bobView).toMatchObject({ unread: 3, lastSeq: 3, readSeq: 0 });
    // The sender's own messages are never unread.
    expect((await alice.api("GET", "/api/team/channels")).body.channels[0].unread).toBe(0);

    const read = await bob.api("POST", `/api/team/channels/${company.id}/read`, { seq: 2 });
    expect(read.body).toMatchObject({ readSeq: 2, unread: 1 });
    await bobSocket.next((f) => f.type === "internal_read" && f.seq === 2, "read frame to bob's consoles");
    // A stale read position never moves backwards.
    expect((await bob.api("POST", `/api/team/channels/${company.id}/read`, { seq: 1 })).body.readSeq).toBe(2);
    expect((await bob.api("GET", "/api/team/channels")).body.channels[0].unread).toBe(1);
  }, 20_000);

  it("refuses empty and over-long messages and bad cids, with the field", async () => {
    const { agent } = teamApp();
    const alice = await agent("alice");
    const company = (await alice.api("GET", "/api/team/channels")).body.channels[0];
    const post = (json: unknown) => alice.api("POST", `/api/team/channels/${company.id}/messages`, json);
    expect((await post({ cid: cid(), body: "  " })).body.error.field).toBe("body");
    expect((await post({ cid: cid(), body: "x".repeat(5001) })).body.error.field).toBe("body");
    expect((await post({ cid: "bad cid!", body: "hi" })).body.error.field).toBe("cid");
    expect((await alice.api("POST", "/api/team/channels", { agentId: alice.id })).status).toBe(422);
    expect((await alice.api("GET", `/api/team/channels/${company.id}/messages`)).body.messages).toEqual([]);
  }, 20_000);

  it("sends files that only the channel's members can download", async () => {
    const { agent } = teamApp();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const carol = await agent("carol", "supervisor");
    const bobSocket = await bob.connect();
    const ch = (await alice.api("POST", "/api/team/channels", { agentId: bob.id })).body.channel;
    const c = cid();
    const sent = await alice.upload(`/api/team/channels/${ch.id}/files`, PNG, "截图.png", c);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ seq: 1, file: { name: "截图.png", mime: "image/png", is_image: 1 } });
    const frame = await bobSocket.next((f) => f.type === "internal_message" && f.kind === "file", "file frame");
    expect(frame.file).toMatchObject({ id: sent.body.file.id, name: "截图.png", isImage: true });

    const mine = await bob.get(`/api/team/files/${frame.file.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-disposition")).toContain("attachment");
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG);
    expect((await bob.get(`/api/team/files/${frame.file.id}/thumb`)).headers.get("content-type")).toBe("image/png");
    // Not a member (even a supervisor with history.all): the same 404 as an unknown id.
    expect((await carol.get(`/api/team/files/${frame.file.id}`)).status).toBe(404);
    expect((await carol.get(`/api/team/files/${frame.file.id}/thumb`)).status).toBe(404);
    // Nor through the visitor-chat download route.
    expect((await carol.get(`/files/${frame.file.id}`)).status).toBe(404);
    expect((await bob.get(`/files/${frame.file.id}`)).status).toBe(404);

    const fake = await alice.upload(`/api/team/channels/${ch.id}/files`, new TextEncoder().encode("MZ not an image"), "evil.png");
    expect(fake.status).toBe(415);
    expect((await alice.api("GET", `/api/team/channels/${ch.id}/messages`)).body.messages).toHaveLength(1);
  }, 20_000);
});

describe("presence", () => {
  it("lists enabled colleagues; offline without a socket, invisible hidden from those without chat.invisible", async () => {
    const { t, agent } = teamApp();
    const alice = await agent("alice");
    const boss = await agent("boss", "supervisor");
    const hidden = await agent("hidden", "supervisor");
    const aliceSocket = await alice.connect();
    const bossSocket = await boss.connect();
    const statusOf = async (viewer: typeof alice, id: number) => (await viewer.api("GET", "/api/team/presence")).body.agents.find((a: any) => a.id === id)?.status;

    expect(await statusOf(alice, hidden.id)).toBe("offline");
    t.services.agents.setServiceStatus(hidden.id, "invisible");
    const hiddenSocket = await hidden.connect();
    expect(await statusOf(alice, hidden.id)).toBe("offline");
    expect(await statusOf(boss, hidden.id)).toBe("invisible");
    expect(aliceSocket.frames.filter((f) => f.type === "presence" && f.agentId === hidden.id && f.status !== "offline")).toEqual([]);
    await bossSocket.next((f) => f.type === "presence" && f.agentId === hidden.id && f.status === "invisible", "boss sees invisible");

    hiddenSocket.send({ type: "status", status: "busy" });
    await aliceSocket.next((f) => f.type === "presence" && f.agentId === hidden.id && f.status === "busy", "busy for alice");
    expect(await statusOf(alice, hidden.id)).toBe("busy");

    // (Alice has seen "offline" for this colleague before: wait for a new frame.)
    const offline = aliceSocket.nextNew((f) => f.type === "presence" && f.agentId === hidden.id && f.status === "offline", "offline after close");
    hiddenSocket.close();
    await offline;
    expect(await statusOf(boss, hidden.id)).toBe("offline");
    expect(await statusOf(boss, alice.id)).toBe("online");

    t.services.agents.setDisabled(alice.id, true, { id: null, name: "test" });
    expect((await boss.api("GET", "/api/team/presence")).body.agents.map((a: any) => a.id)).not.toContain(alice.id);
  }, 20_000);
});
