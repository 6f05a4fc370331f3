import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import { signIdentity } from "./hmac.ts";
import { createIdentityService } from "./service.ts";
import type { IdentitySettings } from "./model.ts";

/**
 * V25 on a real database: valid claims link visitors to a member; wrong, expired, missing or
 * switched-off claims unlink, and an unverified visitor never sees the member's history.
 */
const actor = { id: null, name: "test" };

function world() {
  const t = createTestApp();
  const site = t.services.sites.create({ name: "Shop", allowed_origins: "https://shop.example", default_language: "zh-CN" }, actor);
  const settings: IdentitySettings = { enabled: true, required: false };
  const identity = createIdentityService({ db: t.db, clock: t.clock, events: t.services.events, writer: t.services.writer, secretOf: (id) => t.services.sites.get(id)?.secret ?? null, settings: () => settings });
  const visitor = () => t.services.visitors.identify(site.id, null).visitor;
  const claim = (o: { memberId?: string; name?: string; ts?: number; secret?: string } = {}) => {
    const c = { memberId: o.memberId ?? "M-1001", name: o.name ?? "王小明", ts: o.ts ?? Math.floor(t.clock.now() / 1000) };
    return { ...c, sig: signIdentity(o.secret ?? site.secret, c) };
  };
  const chat = async (v: { id: number; site_id: number; name: string }, body: string) => {
    const r = await t.services.chat.visitorSend(v, { cid: `c-${v.id}-${body.length}`, body });
    await t.services.chat.end(r.conversation.id, "visitor");
    return r.conversation.id;
  };
  return { t, site, settings, identity, visitor, claim, chat };
}

describe("identity service", () => {
  it("links a validly signed visitor to the member and joins the member's visitors across browsers", async () => {
    const w = world();
    const home = w.visitor();
    const homeChat = await w.chat(home, "上次的问题");
    expect(await w.identity.identify(home, w.claim())).toMatchObject({ verified: true, member: { memberId: "M-1001", name: "王小明" } });
    expect(w.identity.memberOf(home.id)).toMatchObject({ memberId: "M-1001", name: "王小明", verifiedAt: w.t.clock.now() });

    const office = w.visitor(); // the same member in another browser
    expect((await w.identity.identify(office, w.claim())).verified).toBe(true);
    const panel = w.identity.memberPanel(office.id)!;
    expect(panel.otherVisitors).toEqual([home.id]);
    expect(panel.conversations.map((c) => c.id)).toEqual([homeChat]);
    expect(panel.conversations[0]).toMatchObject({ visitorId: home.id, status: "ended", messageCount: 1 });
  });

  it("never links a forged, foreign-secret, tampered, expired or future claim to the member", async () => {
    const w = world();
    const real = w.visitor();
    await w.chat(real, "我的账户");
    await w.identity.identify(real, w.claim());
    const now = Math.floor(w.t.clock.now() / 1000);
    const good = w.claim();
    const cases: [string, Record<string, unknown>][] = [
      ["bad_signature", { ...good, sig: "0".repeat(64) }],
      ["bad_signature", w.claim({ secret: "another-site-secret" })],
      ["bad_signature", { ...good, name: "李四" }],
      ["expired", w.claim({ ts: now - 601 })],
      ["future", w.claim({ ts: now + 601 })],
      ["missing", { memberId: "M-1001", name: "王小明" }],
      ["malformed", { ...good, ts: "yesterday" }],
    ];
    for (const [reason, raw] of cases) {
      const forger = w.visitor();
      expect(await w.identity.identify(forger, raw)).toEqual({ verified: false, reason: reason as never });
      expect(w.identity.memberOf(forger.id)).toBeNull();
      expect(w.identity.memberPanel(forger.id)).toBeNull();
    }
    // The real member still sees only their own visitor, none of the forgers.
    const again = w.visitor();
    await w.identity.identify(again, w.claim());
    expect(w.identity.memberPanel(again.id)!.otherVisitors).toEqual([real.id]);
  });

  it("unlinks a verified visitor whose page later names no member or a bad claim; the same claim again after 10 minutes stays good", async () => {
    const w = world();
    const v = w.visitor();
    const first = w.claim();
    await w.identity.identify(v, first);
    // A reconnect 15 minutes later with the claim of the same page: still the same member.
    w.t.clock.advance(15 * 60_000);
    expect((await w.identity.identify(v, first)).verified).toBe(true);
    // But a claim that was never accepted for this visitor does not ride on it.
    const stale = { ...first, ts: first.ts - 1, sig: signIdentity(w.site.secret, { memberId: first.memberId, name: first.name, ts: first.ts - 1 }) };
    expect(await w.identity.identify(v, stale)).toEqual({ verified: false, reason: "expired" });
    expect(w.identity.memberOf(v.id)).toBeNull();

    await w.identity.identify(v, w.claim());
    expect(await w.identity.identify(v, {})).toEqual({ verified: false, reason: "absent" });
    expect(w.identity.memberOf(v.id)).toBeNull();
    await w.identity.identify(v, w.claim());
    expect(await w.identity.identify(v, null)).toEqual({ verified: false, reason: "absent" });
    expect(w.identity.memberOf(v.id)).toBeNull();
  });

  it("switched off, claims are ignored and verified visitors are unlinked; required asks for verification", async () => {
    const w = world();
    const v = w.visitor();
    await w.identity.identify(v, w.claim());
    w.settings.enabled = false;
    expect(await w.identity.identify(v, w.claim())).toEqual({ verified: false, reason: "disabled" });
    expect(w.identity.memberOf(v.id)).toBeNull();

    w.settings.enabled = true;
    w.settings.required = true;
    expect(w.identity.mustVerify(w.site.id, v.id)).toBe(true);
    await w.identity.identify(v, w.claim());
    expect(w.identity.mustVerify(w.site.id, v.id)).toBe(false);
  });

  it("tells agents about every change with a visitor.updated event", async () => {
    const w = world();
    const v = w.visitor();
    const seen: number[] = [];
    w.t.services.events.subscribe("visitor.updated", (e) => seen.push(e.visitorId));
    await w.identity.identify(v, w.claim());
    await w.identity.identify(v, w.claim()); // the same claim again: nothing changed
    await w.identity.identify(v, {});
    expect(seen).toEqual([v.id, v.id]);
  });
});
