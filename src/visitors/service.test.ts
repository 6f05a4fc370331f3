import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import { createServices } from "../services.ts";
import { silentLogger } from "../platform/logger.ts";

const admin = { id: null, name: "test" };
const net = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47" };

function setup() {
  const t = createTestApp();
  const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
  return { t, site, v: t.services.visitors };
}

describe("visitors service", () => {
  it("starts a new visit after 30 minutes of inactivity and counts visits", async () => {
    const { t, site, v } = setup();
    const { visitor } = v.identify(site.id, null);
    await v.recordPage(visitor, { url: "https://a.example/1", title: "One" }, net);
    t.clock.advance(29 * 60_000);
    const same = await v.recordPage(visitor, { url: "https://a.example/2", title: "Two" }, net);
    expect(same.visitCount).toBe(1);
    expect(v.trail(same.visitId).map((p) => p.title)).toEqual(["One", "Two"]);
    expect(v.trail(same.visitId)[0].dwell_ms).toBe(29 * 60_000);
    t.clock.advance(31 * 60_000);
    const next = await v.recordPage(visitor, { url: "https://a.example/3", title: "Three" }, net);
    expect(next.visitCount).toBe(2);
    expect(next.visitId).not.toBe(same.visitId);
    expect(v.visit(next.visitId)).toMatchObject({ browser: "WeChat 8.0", device: "mobile" });
    const row = v.get(visitor.id)!;
    expect(row.last_seen_at - row.first_seen_at).toBe(60 * 60_000);
  });

  it("refuses a page view that is not an http(s) URL", async () => {
    const { site, v } = setup();
    const { visitor } = v.identify(site.id, null);
    await expect(v.recordPage(visitor, { url: "javascript:alert(1)" }, net)).rejects.toMatchObject({ field: "url" });
  });

  it("binds a token to its site: the same token is a stranger on another site", () => {
    const { t, site, v } = setup();
    const other = t.services.sites.create({ name: "T", allowed_origins: "https://b.example", default_language: "en" }, admin);
    const { visitor, token } = v.identify(site.id, null);
    expect(v.verifyToken(site.id, token)?.id).toBe(visitor.id);
    expect(v.verifyToken(other.id, token)).toBeNull();
    expect(v.identify(other.id, token).isNew).toBe(true);
  });

  it("puts a visitor back on the live list after a server restart, from the stored visit", async () => {
    const { t, site, v } = setup();
    const { visitor } = v.identify(site.id, null);
    await v.recordPage(visitor, { url: "https://a.example/pricing", title: "Pricing" }, net);
    // A new process over the same database has an empty live list.
    const restarted = createServices({ config: t.config, db: t.db, clock: t.clock, logger: silentLogger(), secretBox: t.services.secretBox });
    expect(restarted.visitors.online(site.id)).toEqual([]);
    restarted.visitors.connected(visitor.id);
    const [entry] = restarted.visitors.online(site.id);
    expect(entry).toMatchObject({ visitorId: visitor.id, currentUrl: "https://a.example/pricing", currentTitle: "Pricing", connections: 1 });
  });
});
