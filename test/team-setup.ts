import { createTestApp, socketBrowser } from "./harness.ts";
import { FrameClient } from "./frames.ts";

/**
 * A listening app and signed-in agents for the team tests (internal chat, presence, notices):
 * each agent has a cookie browser, a JSON `api` with the CSRF header, and `connect()` for a real
 * agent WebSocket. Everything opened here is closed by `stopAll`.
 */
export const stops: (() => void)[] = [];
export const stopAll = () => {
  while (stops.length) stops.pop()!();
};

export function teamApp() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop(true));
  stops.push(() => t.services.notices.stop());
  const base = server.base;
  async function agent(username: string, role = "agent") {
    const row = await t.createAgent(username, role);
    const b = socketBrowser(base);
    await b.signIn(username);
    await b.get("/account");
    const csrf = b.csrf();
    const api = (method: string, path: string, json?: unknown) =>
      b.request(method, path, { json, headers: { accept: "application/json", "x-csrf-token": csrf } }).then(async (r) => ({ status: r.status, body: r.headers.get("content-type")?.includes("json") ? await r.json() : null }));
    const upload = (path: string, bytes: Uint8Array, name: string, cid?: string) => {
      const form = new FormData();
      form.set("file", new File([bytes as BlobPart], name));
      if (cid) form.set("cid", cid);
      return fetch(base + path, { method: "POST", body: form, headers: { cookie: b.cookieHeader(), origin: base, "x-csrf-token": csrf, accept: "application/json" } }).then(async (r) => ({ status: r.status, body: await r.json() }));
    };
    const get = (path: string) => fetch(base + path, { headers: { cookie: b.cookieHeader(), accept: "application/json" } });
    async function connect() {
      const ws = await FrameClient.open(`${base.replace("http", "ws")}/ws/agent`, { cookie: b.cookieHeader(), origin: base });
      stops.push(() => ws.close());
      return ws;
    }
    return { row, id: row.id, b, api, upload, get, connect };
  }
  return { t, base, agent };
}
