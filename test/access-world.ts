import { afterEach } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient } from "./frames.ts";
import { signIdentity } from "../src/identity/hmac.ts";

/**
 * A listening Yingke behind a trusted reverse proxy (loopback), so each visitor can come from
 * an address of the test's choosing (X-Forwarded-For) — e.g. Beijing or Guangdong in the shipped
 * ip2region database — for the identity (V25), service region (M5) and IP block (M7) tests.
 */
export const HOST = "http://shop.example.test";
/** Addresses the shipped database places (see src/visitors/geo.test.ts). */
export const IPS = { beijing: "36.110.0.1", guangzhou: "183.2.172.42", shenzhen: "120.24.78.68", us: "8.8.8.8" } as const;

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

export async function accessWorld() {
  const t = createTestApp({ realSocketPeer: true, config: (c) => void (c.server.trusted_proxies = ["127.0.0.1"]) });
  const server = t.listen();
  stops.push(() => void server.stop(true));
  const base = server.base;
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, { id: null, name: "test" });
  const visitorUrl = (token?: string) => `${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${token ? `&token=${encodeURIComponent(token)}` : ""}`;
  const headers = (ip: string) => ({ origin: HOST, "x-forwarded-for": ip });

  /** A visitor from `ip` whose channel says `connected`, with a page view recorded. */
  async function visitor(o: { ip?: string; token?: string } = {}) {
    const v = await FrameClient.open(visitorUrl(o.token), headers(o.ip ?? IPS.beijing));
    stops.push(() => v.close());
    v.send({ type: "page", url: `${HOST}/loans`, title: "Loans", referrer: "", language: "zh-CN", screen: "1920x1080", timezone: "Asia/Shanghai" });
    await waitFor(() => Boolean(t.services.visitors.presenceOf(idOf(v))), "page recorded");
    return v;
  }
  /** A visitor channel that may be refused before `connected`. */
  function rawVisitor(ip: string, token?: string) {
    const v = new FrameClient(new WebSocket(visitorUrl(token), { headers: headers(ip) } as never));
    stops.push(() => v.close());
    return v;
  }
  const idOf = (v: FrameClient) => t.services.visitors.verifyToken(site.id, v.frames.find((f) => f.type === "connected").token)!.id;
  async function agent(username = "alice", role = "agent") {
    const row = await t.createAgent(username, role);
    const d = await agentDriver(base, username);
    stops.push(d.close);
    return { row, ...d };
  }
  /** The claim a host page signs for its member (docs/identity.md). */
  const claim = (o: { memberId?: string; name?: string; ts?: number; secret?: string } = {}) => {
    const c = { memberId: o.memberId ?? "M-1001", name: o.name ?? "王小明", ts: o.ts ?? Math.floor(t.clock.now() / 1000) };
    return { ...c, sig: signIdentity(o.secret ?? t.services.sites.get(site.id)!.secret, c) };
  };
  return { t, base, site, visitor, rawVisitor, idOf, agent, claim };
}

export async function waitFor(ok: () => boolean, what: string, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not ${what} within ${timeoutMs} ms`);
    await Bun.sleep(20);
  }
}
