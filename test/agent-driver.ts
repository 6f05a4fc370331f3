import { FrameClient } from "./frames.ts";
import { socketBrowser } from "./harness.ts";

/** An agent at the console, driven through the real HTTP API and agent WebSocket. */
export async function agentDriver(base: string, username: string) {
  const b = socketBrowser(base);
  await b.signIn(username);
  await b.get("/account");
  const csrf = b.csrf();
  const ws = await FrameClient.open(`${base.replace("http", "ws")}/ws/agent`, { cookie: b.cookieHeader(), origin: base });
  const api = (method: string, path: string, json?: unknown) =>
    b.request(method, path, { json, headers: { accept: "application/json", "x-csrf-token": csrf } }).then(async (r) => ({ status: r.status, body: await r.json() }));
  /** The next message frame that matches (already received or still to come). */
  const message = (pred: (f: any) => boolean, what: string) => ws.next((f) => f.type === "message" && pred(f), what, 30_000);
  return { b, ws, api, message, close: () => ws.close() };
}
