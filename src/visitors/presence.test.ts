import { describe, expect, it } from "bun:test";
import { createPresence } from "./presence.ts";

const visitor = { id: 7, site_id: 1, name: "", visit_count: 1 };
const visit = { id: 70, started_at: 1000, last_activity_at: 1000, landing_url: "https://a.test/" };

describe("presence", () => {
  it("counts a visitor's channels before and after their first page view makes them a list entry", () => {
    const p = createPresence({ graceMs: 100, keepGoneMs: 1000 });
    p.connect(7);
    p.connect(7); // a second tab, still before any page view
    expect(p.channels(7)).toBe(2);
    const entry = p.upsert(visitor, visit, 1000);
    expect(entry.connections).toBe(2);
    p.disconnect(7, 1100);
    expect([p.channels(7), p.get(7)!.connections, p.closedAt(7)]).toEqual([1, 1, undefined]);
    p.upsert(visitor, visit, 1150); // the next page view keeps the count
    p.disconnect(7, 1200);
    expect([p.channels(7), p.get(7)!.disconnectedAt, p.closedAt(7)]).toEqual([0, 1200, 1200]);
    expect(p.sweep(1250)).toEqual([]); // within the grace period
    expect(p.sweep(1300).map((v) => v.visitorId)).toEqual([7]);
    p.connect(7); // back: online again, nothing "closed"
    expect([p.channels(7), p.get(7)!.goneAt, p.closedAt(7)]).toEqual([1, null, undefined]);
  });

  it("remembers when a visitor without a page view closed their last channel", () => {
    const p = createPresence({ graceMs: 100, keepGoneMs: 1000 });
    p.connect(8);
    p.disconnect(8, 500);
    expect([p.channels(8), p.get(8), p.closedAt(8)]).toEqual([0, undefined, 500]);
    p.sweep(1600);
    expect(p.closedAt(8)).toBeUndefined();
  });
});
