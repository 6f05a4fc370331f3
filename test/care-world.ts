import { afterEach } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient } from "./frames.ts";

/**
 * A listening Yingke with one site, visitors over the real visitor WebSocket and agents over the
 * real API and agent WebSocket, for the visitor care tests (blocks, evaluations, the panel).
 */
export const HOST = "http://shop.example.test";
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

export async function careWorld() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop(true));
  const base = server.base;
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, { id: null, name: "test" });
  const visitorUrl = (token?: string) => `${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${token ? `&token=${encodeURIComponent(token)}` : ""}`;
  const headers = { origin: HOST, "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" };
  /** A visitor whose channel says `connected`; with a page view recorded unless told otherwise. */
  async function visitor(token?: string, page = true) {
    const v = await FrameClient.open(visitorUrl(token), headers);
    stops.push(() => v.close());
    if (page) {
      v.send({ type: "page", url: "https://shop.example.test/blue?utm=1", title: "Blue", referrer: "https://www.baidu.com/s?wd=%E8%93%9D%E8%89%B2", language: "zh-CN", screen: "1920x1080", timezone: "Asia/Shanghai" });
      await waitFor(() => t.services.visitors.presenceOf(idOf(v)) !== null, "page recorded");
    }
    return v;
  }
  /** A visitor channel that may be refused before `connected`. */
  function rawVisitor(token?: string) {
    const v = new FrameClient(new WebSocket(visitorUrl(token), { headers } as never));
    stops.push(() => v.close());
    return v;
  }
  const idOf = (v: FrameClient) => t.services.visitors.verifyToken(site.id, v.frames[0].token)!.id;
  async function agent(username = "alice", role = "agent") {
    const row = await t.createAgent(username, role);
    const { b, ws, api, close } = await agentDriver(base, username);
    stops.push(close);
    return { row, b, ws, api };
  }
  return { t, base, site, visitor, rawVisitor, idOf, agent };
}

export async function waitFor(ok: () => boolean, what: string, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not ${what} within ${timeoutMs} ms`);
    await Bun.sleep(20);
  }
}
