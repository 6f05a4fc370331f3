import { describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { openDatabase } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { manualClock } from "../platform/clock.ts";
import { createAuditService } from "./service.ts";

const DAY = 86_400_000;

function setup(start = Date.now()) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "yk-audit-")), "a.db"));
  migrate(db);
  const clock = manualClock(start);
  return { db, clock, audit: createAuditService({ db, clock, retentionDays: 184 }) };
}
const actor = { id: 1, name: "alice", ip: "10.0.0.1" };

describe("audit log", () => {
  it("chains every entry to the previous one and verifies", () => {
    const { audit } = setup();
    const a = audit.record(actor, { action: "auth.login" });
    const b = audit.record(actor, { action: "agent.create", targetType: "agent", targetId: 7, detail: { username: "bob" } });
    expect(b.prev_hash).toBe(a.hash);
    expect(audit.verify()).toEqual({ ok: true, checked: 2 });
  });

  it("refuses updates and early deletes at the database level", () => {
    const { db, audit } = setup();
    audit.record(actor, { action: "auth.login" });
    expect(() => db.exec("UPDATE audit_log SET actor_name = 'mallory'")).toThrow(/append-only/);
    expect(() => db.exec("DELETE FROM audit_log")).toThrow(/184 days/);
  });

  it("names the first altered entry when a row is edited behind the application's back", () => {
    const { db, audit } = setup();
    for (let i = 0; i < 5; i++) audit.record(actor, { action: `test.${i}` });
    db.exec("DROP TRIGGER audit_log_no_update");
    db.exec("UPDATE audit_log SET detail = '{\"forged\":true}' WHERE id = 3");
    expect(audit.verify()).toMatchObject({ ok: false, firstBrokenId: 3 });
  });

  it("detects a removed entry", () => {
    const { db, audit } = setup(Date.now() - 400 * DAY);
    for (let i = 0; i < 5; i++) audit.record(actor, { action: `test.${i}` });
    db.exec("DELETE FROM audit_log WHERE id = 2"); // old enough for the trigger to allow it
    expect(audit.verify()).toMatchObject({ ok: false, firstBrokenId: 2 });
  });

  it("purges past retention, keeps an anchor, and the remaining chain still verifies", () => {
    const { audit, clock, db } = setup(Date.now() - 300 * DAY);
    for (let i = 0; i < 3; i++) audit.record(actor, { action: `old.${i}` });
    clock.set(Date.now());
    audit.record(actor, { action: "recent" });
    const purged = audit.purgeExpired();
    expect(purged).toBe(3);
    const left = db.query("SELECT action FROM audit_log ORDER BY id").all() as { action: string }[];
    expect(left.map((r) => r.action)).toEqual(["recent", "audit.purge"]);
    expect(audit.verify().ok).toBe(true);
    expect(audit.purgeExpired()).toBe(0);
  });

  it("never keeps less than 184 days even if configured lower", () => {
    const { db, clock } = setup(Date.now() - 100 * DAY);
    const audit = createAuditService({ db, clock, retentionDays: 30 });
    audit.record(actor, { action: "young" });
    clock.set(Date.now());
    expect(audit.retentionDays).toBe(184);
    expect(audit.purgeExpired()).toBe(0);
    expect(audit.verify().ok).toBe(true);
  });
});
