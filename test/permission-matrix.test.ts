import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp, ORIGIN } from "./harness.ts";
import { ROUTE_ALSO_REQUIRES, ROUTE_ANY_OF, ROUTE_POLICY } from "../src/http/policy.ts";
import { ALL_PERMISSIONS, BUILTIN_ROLES, BUILTIN_ROLE_PERMISSIONS, type Permission } from "../src/auth/permissions.ts";

setDefaultTimeout(120_000);

/**
 * The routes × roles matrix (issue 5 point 2): every route guarded by a permission is requested
 * by an agent of each built-in role, of a custom role holding exactly that permission and of a
 * custom role holding none. Lacking the permission is 403; holding it is anything but 401/403
 * (the fake ids make most answers 404 or 422). "session" routes admit every role.
 */
const t = createTestApp();
const sys = { id: null, name: "test" };
const FAKE = "999999";
const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, FAKE).replace(/\*$/, "x");
const roleIdFor = (p: Permission) => `only_${p.replace(".", "_")}`;

const registered = (t.app.routes as { method: string; path: string }[]).map((r) => ({ method: r.method, path: r.path, policy: ROUTE_POLICY[`${r.method} ${r.path}`] }));
const guarded = registered.filter((r) => ALL_PERMISSIONS.includes(r.policy as Permission));
const sessionRoutes = registered.filter((r) => r.policy === "session");

// One agent and one session per role, made directly: the matrix tests the guard, not sign-in.
const hash = Bun.password.hashSync("unused-Password-1", { algorithm: "argon2id", memoryCost: 1024, timeCost: 1 });
t.services.roles.create({ id: "none", name: "No permissions", permissions: [] }, sys, null);
for (const p of ALL_PERMISSIONS) t.services.roles.create({ id: roleIdFor(p), name: `Only ${p}`, permissions: [p] }, sys, null);
const roles: { id: string; permissions: Set<string> }[] = [
  ...BUILTIN_ROLES.map((id) => ({ id, permissions: new Set<string>(BUILTIN_ROLE_PERMISSIONS[id]) })),
  { id: "none", permissions: new Set<string>() },
  ...ALL_PERMISSIONS.map((p) => ({ id: roleIdFor(p), permissions: new Set<string>([p]) })),
];
const insertAgent = t.db.prepare(
  "INSERT INTO agents (username, display_name, role_id, password_hash, password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
);
// A department admin needs a department, or their scope reaches nothing (which is not what is tested here).
const dept = t.services.departments.create({ name: "矩阵部门" }, sys);
const sessions = new Map<string, { token: string; csrf: string }>();
for (const r of roles) {
  const { id } = insertAgent.get(`m_${r.id}`, r.id, r.id, hash, t.clock.now(), t.clock.now(), t.clock.now()) as { id: number };
  t.services.departments.setAgentDepartment(id, dept.id, sys);
  const { token, row } = t.services.auth.sessions.create(id, "active", "127.0.0.1", "matrix");
  sessions.set(r.id, { token, csrf: row.csrf_token });
}

async function status(method: string, path: string, roleId: string): Promise<number> {
  const s = sessions.get(roleId)!;
  const headers: Record<string, string> = { host: "localhost", origin: ORIGIN, accept: "application/json", cookie: `yk_session=${s.token}`, "x-csrf-token": s.csrf };
  const init: RequestInit = { method, headers };
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    init.body = `_csrf=${encodeURIComponent(s.csrf)}`;
  }
  const res = await t.app.handle(new Request(ORIGIN + concrete(path), init));
  return res.status;
}

describe("permission matrix: routes × roles", () => {
  it("covers every permission route and a custom role per permission", () => {
    expect(guarded.length).toBeGreaterThan(50);
    expect(roles.length).toBe(BUILTIN_ROLES.length + 1 + ALL_PERMISSIONS.length);
  });

  const seen = new Map<number, number>();
  for (const r of guarded) {
    it(`${r.method} ${r.path} (${r.policy})`, async () => {
      const wrong: string[] = [];
      for (const role of roles) {
        const code = await status(r.method, r.path, role.id);
        seen.set(code, (seen.get(code) ?? 0) + 1);
        const also = ROUTE_ALSO_REQUIRES[`${r.method} ${r.path}`];
        const needs = also ? `${r.policy} + ${also}` : r.policy;
        const anyOf = ROUTE_ANY_OF[`${r.method} ${r.path}`];
        const holds = role.permissions.has(r.policy) && (!also || role.permissions.has(also)) && (!anyOf || anyOf.some((p) => role.permissions.has(p)));
        if (holds && (code === 401 || code === 403)) wrong.push(`${role.id} holds ${needs} but got ${code}`);
        if (!holds && code !== 403) wrong.push(`${role.id} lacks ${needs} but got ${code}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("reached real handlers, not only the guard (pages, validation errors, missing ids)", () => {
    for (const code of [200, 403, 404, 422]) expect(seen.get(code) ?? 0).toBeGreaterThan(0);
  });

  for (const r of sessionRoutes) {
    const anyOf = ROUTE_ANY_OF[`${r.method} ${r.path}`];
    it(`${r.method} ${r.path} (session${anyOf ? ` + one of ${anyOf.join(", ")}` : ""}) admits every role${anyOf ? " holding one" : ""}`, async () => {
      const wrong: string[] = [];
      for (const role of roles) {
        const code = await status(r.method, r.path, role.id);
        const holds = !anyOf || anyOf.some((p) => role.permissions.has(p));
        if (holds && (code === 401 || code === 403)) wrong.push(`${role.id} got ${code}`);
        if (!holds && code !== 403) wrong.push(`${role.id} holds none of ${anyOf!.join(", ")} but got ${code}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
