import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp, openSocket, socketBrowser } from "./harness.ts";
import type { Config } from "../src/platform/config.ts";

const admin = { id: null, name: "test" };
const servers: { stop(): unknown }[] = [];
afterEach(() => {
  while (servers.length) servers.pop()!.stop();
});

/** A listening server on an ephemeral loopback port; the peer address comes from the real socket. */
function listen(config?: (c: Config) => void) {
  const t = createTestApp({ realSocketPeer: true, config });
  const server = t.listen();
  servers.push({ stop: () => server.stop() });
  const base = server.base;
  return { t, base, ws: base.replace("http", "ws") + "/ws/agent" };
}

describe("agent WebSocket", () => {
  it("sends a connected frame to a signed-in agent", async () => {
    const { t, base, ws } = listen();
    const alice = await t.createAgent("alice");
    const b = socketBrowser(base);
    await b.signIn("alice");
    const s = await openSocket(ws, { cookie: b.cookieHeader(), origin: base });
    expect(s.frames[0]).toMatchObject({ type: "connected", agentId: alice.id, status: "online", effective: "online" });
    s.ws.close();
  });

  it("starts the channel with one connected frame, so the console loads its lists once", async () => {
    const { t, base, ws } = listen();
    await t.createAgent("alice");
    const b = socketBrowser(base);
    await b.signIn("alice");
    const s = await openSocket(ws, { cookie: b.cookieHeader(), origin: base });
    s.ws.send(JSON.stringify({ type: "ping" }));
    while (!s.frames.some((f) => f.type === "pong")) await Bun.sleep(5);
    expect(s.frames.filter((f) => f.type === "connected")).toHaveLength(1);
    s.ws.close();
  });

  it("refuses an anonymous upgrade and one from a foreign origin", async () => {
    const { t, base, ws } = listen();
    await t.createAgent("alice");
    await expect(openSocket(ws, { origin: base })).rejects.toThrow(/closed/);
    const b = socketBrowser(base);
    await b.signIn("alice");
    await expect(openSocket(ws, { cookie: b.cookieHeader(), origin: "http://evil.example" })).rejects.toThrow(/closed/);
  });

  it("closes the socket with 4001 when the agent is disabled", async () => {
    const { t, base, ws } = listen();
    const alice = await t.createAgent("alice");
    const b = socketBrowser(base);
    await b.signIn("alice");
    const s = await openSocket(ws, { cookie: b.cookieHeader(), origin: base });
    t.services.agents.setDisabled(alice.id, true, admin);
    const closed = await s.closed;
    expect(closed.code).toBe(4001);
    expect(closed.reason).toBe("disabled");
  });

  it("closes every socket of the agent at logout", async () => {
    const { t, base, ws } = listen();
    await t.createAgent("alice");
    const b1 = socketBrowser(base);
    const b2 = socketBrowser(base);
    await b1.signIn("alice");
    await b2.signIn("alice");
    const s2 = await openSocket(ws, { cookie: b2.cookieHeader(), origin: base });
    await b1.get("/account");
    await b1.post("/logout");
    expect((await s2.closed).code).toBe(4001);
  });
});

describe("IP allowlist over real sockets", () => {
  it("a forged X-Forwarded-For from an untrusted peer changes nothing", async () => {
    const { t, base, ws } = listen();
    await t.createAgent("alice");
    const b = socketBrowser(base);
    await b.signIn("alice");
    t.services.settings.updateSecurity({ org_allowed_ips: "10.0.0.0/8" }, admin);
    // The loopback peer is outside the list; claiming an inside address in a header must not help.
    const forged = { "x-forwarded-for": "10.1.2.3" };
    expect((await b.get("/api/me", { accept: "application/json", ...forged })).status).toBe(401);
    await expect(openSocket(ws, { cookie: b.cookieHeader(), origin: base, ...forged })).rejects.toThrow(/closed/);
    const fresh = socketBrowser(base);
    await fresh.get("/login", forged);
    const res = await fresh.post("/login", { username: "alice", password: "Correct-Horse-42" }, forged);
    expect(res.status).toBe(403);
  });

  it("behind a trusted proxy the forwarded client address is the one checked", async () => {
    const { t, base, ws } = listen((c) => { c.server.trusted_proxies = ["127.0.0.1"]; });
    await t.createAgent("alice");
    t.services.settings.updateSecurity({ org_allowed_ips: "10.0.0.0/8" }, admin);
    const inside = { "x-forwarded-for": "10.1.2.3" };
    const b = socketBrowser(base);
    await b.get("/login", inside);
    const res = await b.post("/login", { username: "alice", password: "Correct-Horse-42" }, inside);
    expect(res.headers.get("location")).toBe("/console");
    const s = await openSocket(ws, { cookie: b.cookieHeader(), origin: base, ...inside });
    expect(s.frames[0].type).toBe("connected");
    s.ws.close();
    await expect(openSocket(ws, { cookie: b.cookieHeader(), origin: base, "x-forwarded-for": "203.0.113.7" })).rejects.toThrow(/closed/);
  });
});
