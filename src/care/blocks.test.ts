import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";

/** The blocks service's lookup: visitor blocks, IP/CIDR rules (for M7), expiry, precedence, and the start-up load. */
const actor = { id: null, name: "test" };

describe("blocks service", () => {
  it("applies IP and CIDR rules per site or everywhere, lets hide outrank refuse chat, and expires them", async () => {
    const t = createTestApp();
    const shop = t.services.sites.create({ name: "Shop", allowed_origins: "https://shop.example", default_language: "zh-CN" }, actor);
    const other = t.services.sites.create({ name: "Other", allowed_origins: "https://other.example", default_language: "zh-CN" }, actor);
    const v = t.services.visitors.identify(shop.id, null).visitor;
    const blocks = t.services.care.blocks;
    expect(() => blocks.blockRange(actor, { ipCidr: "10.0.0.0/33", mode: "hide", reason: "x" })).toThrow(/CIDR/);
    const net = blocks.blockRange(actor, { ipCidr: "10.1.0.0/16", siteId: shop.id, mode: "refuse_chat", reason: "office", expiresMinutes: 10 });
    expect(blocks.activeFor(v.id, "10.1.2.3", shop.id)?.id).toBe(net.id);
    expect(blocks.activeFor(v.id, "10.1.2.3", other.id)).toBeNull();
    expect(blocks.activeFor(v.id, "10.2.0.1", shop.id)).toBeNull();
    const host = blocks.blockRange(actor, { ipCidr: "10.1.2.3", siteId: null, mode: "hide", reason: "bot" });
    expect(blocks.activeFor(v.id, "10.1.2.3", shop.id)?.id).toBe(host.id);
    expect(blocks.activeFor(v.id, "10.1.2.3", other.id)?.id).toBe(host.id);
    // A visitor block applies wherever the visitor comes from.
    const own = await blocks.block(actor, v.id, { mode: "refuse_chat", reason: "rude", expiresMinutes: 5 });
    expect(blocks.activeFor(v.id, "192.0.2.1", shop.id)?.id).toBe(own.id);
    expect(blocks.activeFor(v.id)?.id).toBe(own.id);

    // A restarted server loads the active ones (a new service over the same database).
    const { createCareService } = await import("./service.ts");
    const again = createCareService({ db: t.db, clock: t.clock, events: t.services.events, audit: t.services.audit, chat: t.services.chat, visitors: t.services.visitors });
    expect(again.blocks.activeFor(v.id, "10.1.2.3", other.id)?.id).toBe(host.id);
    expect(again.blocks.activeFor(v.id, "192.0.2.1")?.id).toBe(own.id);

    t.clock.advance(5 * 60_000 + 1);
    expect(blocks.activeFor(v.id, "192.0.2.1")).toBeNull();
    expect(blocks.activeFor(v.id, "10.1.9.9", shop.id)?.id).toBe(net.id);
    t.clock.advance(5 * 60_000);
    expect(blocks.activeFor(v.id, "10.1.9.9", shop.id)).toBeNull();
    blocks.lift(actor, host.id);
    expect(blocks.activeFor(v.id, "10.1.2.3", shop.id)).toBeNull();
    const audit = (t.db.query("SELECT action, target_type FROM audit_log WHERE action LIKE 'visitor.%' ORDER BY id").all() as { action: string; target_type: string }[]).map((a) => `${a.action}:${a.target_type}`);
    expect(audit).toEqual(["visitor.block:ip", "visitor.block:ip", "visitor.block:visitor", "visitor.unblock:ip"]);
  });
});
