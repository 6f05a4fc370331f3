import { describe, expect, it } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { openDatabase } from "./db.ts";
import { migrate, MIGRATIONS, DatabaseTooNewError, pendingMigrations } from "./migrate.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "yk-migrate-"));

describe("migrations", () => {
  it("embeds the migration files and records each in _migrations", () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect(MIGRATIONS[0].name).toBe("0001_foundation.sql");
    const db = openDatabase(join(tmp(), "a.db"));
    const r = migrate(db);
    expect(r.applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(r.backup).toBeUndefined(); // nothing to back up in a new database
    const rows = db.query("SELECT name FROM _migrations ORDER BY name").all() as { name: string }[];
    expect(rows.map((x) => x.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(migrate(db).applied).toEqual([]);
  });

  it("uses WAL, full sync, foreign keys and STRICT tables", () => {
    const db = openDatabase(join(tmp(), "p.db"));
    migrate(db);
    expect((db.query("PRAGMA journal_mode").get() as any).journal_mode).toBe("wal");
    expect((db.query("PRAGMA synchronous").get() as any).synchronous).toBe(2);
    expect((db.query("PRAGMA foreign_keys").get() as any).foreign_keys).toBe(1);
    expect((db.query("PRAGMA busy_timeout").get() as any).timeout).toBe(5000);
    // FTS5 virtual tables (full-text search) and the shadow tables SQLite makes for them cannot be STRICT.
    const virtual = (db.query("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'").all() as { name: string }[]).map((r) => r.name);
    expect(virtual).toEqual(["message_search"]);
    const shadow = (name: string) => virtual.some((v) => new RegExp(`^${v}(_(data|idx|content|docsize|config))?$`).test(name));
    const loose = (db.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%STRICT'").all() as { name: string }[]).filter((r) => !shadow(r.name));
    expect(loose).toEqual([]);
  });

  it("backs up a non-empty database before migrating it", () => {
    const dir = tmp();
    const db = openDatabase(join(dir, "b.db"));
    const known = [...MIGRATIONS];
    migrate(db, { known: known.slice(0, 1) });
    db.exec("INSERT INTO org_settings (key, value) VALUES ('marker', '1')");
    const next = [...known, { name: "9999_test_extra.sql", sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;" }];
    const r = migrate(db, { known: next, backupDir: join(dir, "backups") });
    expect(r.applied).toContain("9999_test_extra.sql");
    expect(r.backup && existsSync(r.backup)).toBe(true);
    const copy = openDatabase(r.backup!, { readonly: true });
    expect(copy.query("SELECT value FROM org_settings WHERE key = 'marker'").get()).toEqual({ value: "1" });
    expect(copy.query("SELECT name FROM sqlite_schema WHERE name = 'extra'").get()).toBeNull();
  });

  it("refuses a database written by a newer binary", () => {
    const db = openDatabase(join(tmp(), "c.db"));
    migrate(db);
    db.query("INSERT INTO _migrations (name, applied_at) VALUES ('9999_from_the_future.sql', 0)").run();
    expect(() => pendingMigrations(db)).toThrow(DatabaseTooNewError);
    expect(() => migrate(db)).toThrow(/newer Yingke.*9999_from_the_future/);
  });

  it("rolls back a failing migration together with its record", () => {
    const db = openDatabase(join(tmp(), "d.db"));
    const bad = [...MIGRATIONS, { name: "9998_broken.sql", sql: "CREATE TABLE half (id INTEGER) STRICT; SELECT * FROM no_such_table;" }];
    expect(() => migrate(db, { known: bad })).toThrow();
    expect(db.query("SELECT name FROM sqlite_schema WHERE name = 'half'").get()).toBeNull();
    expect(db.query("SELECT name FROM _migrations WHERE name = '9998_broken.sql'").get()).toBeNull();
    expect(db.query("SELECT count(*) AS n FROM _migrations").get()).toEqual({ n: MIGRATIONS.length });
  });
});
