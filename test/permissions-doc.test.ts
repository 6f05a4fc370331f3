import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_PERMISSIONS, BUILTIN_ROLE_PERMISSIONS } from "../src/auth/permissions.ts";
import { ROUTE_POLICY } from "../src/http/policy.ts";

const doc = readFileSync(join(import.meta.dir, "..", "docs", "permissions.md"), "utf8");

describe("permission catalogue", () => {
  it("has at least 30 fine-grained permissions, each documented with its role grants", () => {
    expect(ALL_PERMISSIONS.length).toBeGreaterThanOrEqual(30);
    for (const p of ALL_PERMISSIONS) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${p}\` |`));
      expect(row, `docs/permissions.md lacks ${p}`).toBeDefined();
      const cells = row!.split("|").slice(3, -1).map((c) => c.trim());
      expect(cells).toEqual(Object.values(BUILTIN_ROLE_PERMISSIONS).map((list) => (list.includes(p) ? "✓" : "")));
    }
  });

  it("routes name only permissions that exist", () => {
    const named = Object.values(ROUTE_POLICY).filter((p) => !["public", "visitor", "pending", "session"].includes(p));
    for (const p of named) expect(ALL_PERMISSIONS).toContain(p as any);
  });

  it("keeps the audit log with auditors, not administrators", () => {
    expect(BUILTIN_ROLE_PERMISSIONS.auditor).toContain("audit.read");
    expect(BUILTIN_ROLE_PERMISSIONS.admin).not.toContain("audit.read");
    expect(BUILTIN_ROLE_PERMISSIONS.agent).not.toContain("agents.manage");
  });
});
