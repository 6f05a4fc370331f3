import { afterEach, describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { SOCKET_ACTION_POLICY } from "../src/http/policy.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_PERMISSIONS, BUILTIN_ROLES, BUILTIN_ROLE_PERMISSIONS, type Permission } from "../src/auth/permissions.ts";

setDefaultTimeout(60_000);

/** Agent WebSocket actions check permissions like routes do (SOCKET_ACTION_POLICY), over real sockets. */
const HOST = "http://shop.example.test";
const sys = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop());
  const base = server.base;
  async function agent(username: string, role: string) {
    await t.createAgent(username, role);
    const d = await agentDriver(base, username);
    stops.push(d.close);
    return d;
  }
  return { t, base, agent };
}

/** A harmless payload for each action; an action added later without one is sent bare. */
const PAYLOAD: Record<string, object> = { typing: { conversationId: 999999, on: true }, status: { status: "online" } };

/** Sends one action, then a ping; by the pong, any refusal of the action has arrived (frames are ordered). */
async function attempt(ws: FrameClient, action: string) {
  const start = ws.frames.length;
  ws.send({ type: action, ...(PAYLOAD[action] ?? {}) });
  ws.send({ type: "ping" });
  // Pinging as the action itself is answered by a pong of its own: wait for both.
  const pongs = action === "ping" ? 2 : 1;
  await ws.next((f) => f.type === "pong" && ws.frames.slice(start).filter((x) => x.type === "pong").length >= pongs && ws.frames.indexOf(f) >= start, "pong");
  return ws.frames.slice(start).find((f) => f.type === "error" && f.action === action) ?? null;
}

describe("agent socket actions check permissions", () => {
  it("an auditor's typing is refused; an agent's typing reaches the visitor", async () => {
    const { t, base, agent } = setup();
    const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, sys);
    const v = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST, "user-agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0" });
    stops.push(() => v.close());
    const alice = await agent("alice", "agent");
    const audrey = await agent("audrey", "auditor");
    v.send({ type: "send", cid: cid(), body: "hi" });
    const ack = await v.next((f) => f.type === "ack", "ack");
    expect((await alice.api("POST", `/api/conversations/${ack.conversationId}/accept`)).status).toBe(200);

    audrey.ws.send({ type: "typing", conversationId: ack.conversationId, on: true });
    expect(await audrey.ws.next((f) => f.type === "error", "error")).toEqual({ type: "error", code: "forbidden", action: "typing" });

    alice.ws.send({ type: "typing", conversationId: ack.conversationId, on: true });
    await v.next((f) => f.type === "typing", "typing at the visitor");
    expect(alice.ws.frames.some((f) => f.type === "error")).toBe(false);
  });

  it("refuses an action nobody listed (fail closed) and a frame that is not an action", async () => {
    const { agent } = setup();
    const alice = await agent("alice", "admin");
    alice.ws.send({ type: "delete_everything" });
    expect(await alice.ws.next((f) => f.type === "error", "error")).toEqual({ type: "error", code: "unknown_action", action: "delete_everything" });
    alice.ws.send({ type: "__proto__" });
    alice.ws.send({ type: "toString" });
    alice.ws.send({ type: "ping" });
    await alice.ws.nextNew((f) => f.type === "pong", "pong");
    expect(alice.ws.frames.filter((f) => f.code === "unknown_action").map((f) => f.action)).toEqual(["delete_everything", "__proto__", "toString"]);
    alice.ws.ws.send("not json");
    expect(await alice.ws.nextNew((f) => f.type === "error", "error")).toMatchObject({ code: "unknown_action" });
  });

  it("every listed action as every role: refused exactly when the role lacks its permission", async () => {
    const { t, agent } = setup();
    const needed = [...new Set(Object.values(SOCKET_ACTION_POLICY).filter((p): p is Permission => ALL_PERMISSIONS.includes(p as Permission)))];
    t.services.roles.create({ id: "none", name: "None", permissions: [] }, sys, null);
    for (const p of needed) t.services.roles.create({ id: `only_${p.replace(".", "_")}`, name: p, permissions: [p] }, sys, null);
    const roles = [
      ...BUILTIN_ROLES.map((id) => ({ id, permissions: new Set<string>(BUILTIN_ROLE_PERMISSIONS[id]) })),
      { id: "none", permissions: new Set<string>() },
      ...needed.map((p) => ({ id: `only_${p.replace(".", "_")}`, permissions: new Set<string>([p]) })),
    ];
    const wrong: string[] = [];
    let i = 0;
    for (const role of roles) {
      const d = await agent(`s${i++}`, role.id);
      for (const [action, policy] of Object.entries(SOCKET_ACTION_POLICY)) {
        const refused = await attempt(d.ws, action);
        const allowed = policy === "session" || role.permissions.has(policy);
        if (allowed && refused) wrong.push(`${role.id}: ${action} refused ${JSON.stringify(refused)}`);
        if (!allowed && refused?.code !== "forbidden") wrong.push(`${role.id}: ${action} not refused`);
      }
      d.close();
    }
    expect(wrong).toEqual([]);
  });

  it("a role losing a permission loses the action on the next frame, without reconnecting", async () => {
    const { t, agent } = setup();
    t.services.roles.create({ id: "typist", name: "Typist", permissions: ["chat.accept"] }, sys, null);
    const d = await agent("tina", "typist");
    expect(await attempt(d.ws, "typing")).toBeNull();
    t.services.roles.update("typist", { name: "Typist", permissions: ["leave.read"] }, sys, null);
    expect(await attempt(d.ws, "typing")).toEqual({ type: "error", code: "forbidden", action: "typing" });
  });

  it("docs/permissions.md lists every socket action with its rule", () => {
    const doc = readFileSync(join(import.meta.dir, "..", "docs", "permissions.md"), "utf8");
    for (const [action, policy] of Object.entries(SOCKET_ACTION_POLICY)) {
      expect(doc).toContain(`| \`${action}\` | ${policy === "session" ? "a session" : `\`${policy}\``} |`);
    }
  });
});
