import type { Database } from "bun:sqlite";

export interface AgentRow {
  id: number;
  username: string;
  display_name: string;
  email: string;
  role_id: string;
  password_hash: string;
  password_changed_at: number;
  must_change_password: number;
  disabled: number;
  allowed_ips: string;
  totp_secret_enc: string | null;
  totp_enabled: number;
  totp_last_step: number;
  locked_until: number;
  failures_reset_at: number;
  last_login_at: number | null;
  service_status: "online" | "busy" | "away" | "invisible";
  department_id: number | null;
  max_chats: number;
  created_at: number;
  updated_at: number;
}

export interface RoleRow {
  id: string;
  name: string;
  builtin: number;
  scope: "all" | "department";
  description: string;
}

export function createAgentsRepo(db: Database) {
  const byId = db.prepare("SELECT * FROM agents WHERE id = ?");
  const byUsername = db.prepare("SELECT * FROM agents WHERE username = ?");
  const all = db.prepare("SELECT * FROM agents ORDER BY username COLLATE NOCASE");
  const count = db.prepare("SELECT count(*) AS n FROM agents");
  const insert = db.prepare(
    `INSERT INTO agents (username, display_name, email, role_id, password_hash, password_changed_at, must_change_password, allowed_ips, created_at, updated_at)
     VALUES ($username, $display_name, $email, $role_id, $password_hash, $now, $must_change_password, $allowed_ips, $now, $now) RETURNING *`,
  );
  const profile = db.prepare(
    "UPDATE agents SET display_name = $display_name, email = $email, role_id = $role_id, allowed_ips = $allowed_ips, updated_at = $now WHERE id = $id",
  );
  const disabled = db.prepare("UPDATE agents SET disabled = ?, updated_at = ? WHERE id = ?");
  const password = db.prepare(
    "UPDATE agents SET password_hash = $hash, password_changed_at = $now, must_change_password = $must, updated_at = $now WHERE id = $id",
  );
  const history = db.prepare("INSERT INTO password_history (agent_id, password_hash, created_at) VALUES (?, ?, ?)");
  const recentHashes = db.prepare("SELECT password_hash FROM password_history WHERE agent_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?");
  const totp = db.prepare("UPDATE agents SET totp_secret_enc = $secret, totp_enabled = $enabled, totp_last_step = $step, updated_at = $now WHERE id = $id");
  const totpStep = db.prepare("UPDATE agents SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?");
  const lock = db.prepare("UPDATE agents SET locked_until = ? WHERE id = ?");
  const resetFailures = db.prepare("UPDATE agents SET failures_reset_at = ?, locked_until = 0 WHERE id = ?");
  const loggedIn = db.prepare("UPDATE agents SET last_login_at = ?, failures_reset_at = ? WHERE id = ?");
  const roleExists = db.prepare("SELECT 1 FROM roles WHERE id = ?");
  const serviceStatus = db.prepare("UPDATE agents SET service_status = ? WHERE id = ?");
  const roles = db.prepare("SELECT id, name, builtin, scope, description FROM roles ORDER BY builtin DESC, id");
  const department = db.prepare("UPDATE agents SET department_id = ?, updated_at = ? WHERE id = ?");

  return {
    byId: (id: number) => byId.get(id) as AgentRow | null,
    byUsername: (u: string) => byUsername.get(u) as AgentRow | null,
    all: () => all.all() as AgentRow[],
    count: () => (count.get() as { n: number }).n,
    insert: (a: { username: string; display_name: string; email: string; role_id: string; password_hash: string; must_change_password: number; allowed_ips: string; now: number }) =>
      insert.get(a) as AgentRow,
    updateProfile: (p: { id: number; display_name: string; email: string; role_id: string; allowed_ips: string; now: number }) => profile.run(p),
    setDisabled: (id: number, value: boolean, now: number) => disabled.run(value ? 1 : 0, now, id),
    setPassword: (id: number, hash: string, mustChange: boolean, now: number) => {
      password.run({ id, hash, must: mustChange ? 1 : 0, now });
      history.run(id, hash, now);
    },
    recentPasswordHashes: (id: number, n: number) => (recentHashes.all(id, n) as { password_hash: string }[]).map((r) => r.password_hash),
    setTotp: (id: number, secretEnc: string | null, enabled: boolean, step: number, now: number) => totp.run({ id, secret: secretEnc, enabled: enabled ? 1 : 0, step, now }),
    /** Moves the last-used step forward only; returns false if another request used this step first. */
    claimTotpStep: (id: number, step: number) => totpStep.run(step, id, step).changes === 1,
    lock: (id: number, until: number) => lock.run(until, id),
    resetFailures: (id: number, now: number) => resetFailures.run(now, id),
    markLogin: (id: number, now: number) => loggedIn.run(now, now, id),
    roleExists: (id: string) => roleExists.get(id) !== null,
    setServiceStatus: (id: number, status: string) => serviceStatus.run(status, id),
    roles: () => roles.all() as RoleRow[],
    setDepartment: (id: number, departmentId: number | null, now: number) => department.run(departmentId, now, id),
  };
}
export type AgentsRepo = ReturnType<typeof createAgentsRepo>;
