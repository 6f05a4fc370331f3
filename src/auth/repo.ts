import type { Database } from "bun:sqlite";
import { pagedQuery } from "../store/paged.ts";

export interface SessionRow {
  token_hash: string;
  agent_id: number;
  stage: "totp" | "active";
  csrf_token: string;
  ip: string;
  user_agent: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** The agent's sign-in before this session's (inbox: "N new since you last signed in"); null at the first. */
  previous_login_at: number | null;
}

export interface LoginLogRow {
  id: number;
  at: number;
  username: string;
  agent_id: number | null;
  ip: string;
  user_agent: string;
  result: "success" | "failure" | "logout";
  reason: string;
}

export interface LoginLogQuery {
  from?: number;
  to?: number;
  username?: string;
  ip?: string;
  result?: string;
  limit: number;
  offset: number;
}

export function createAuthRepo(db: Database) {
  const insertSession = db.prepare(
    `INSERT INTO sessions (token_hash, agent_id, stage, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at, previous_login_at)
     VALUES ($token_hash, $agent_id, $stage, $csrf_token, $ip, $user_agent, $created_at, $last_seen_at, $expires_at, $previous_login_at)`,
  );
  const session = db.prepare("SELECT * FROM sessions WHERE token_hash = ?");
  const touch = db.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
  const deleteSession = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
  const deleteAgentSessions = db.prepare("DELETE FROM sessions WHERE agent_id = ?");
  const deleteExpired = db.prepare("DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?");
  const log = db.prepare(
    "INSERT INTO login_log (at, username, agent_id, ip, user_agent, result, reason) VALUES ($at, $username, $agent_id, $ip, $user_agent, $result, $reason)",
  );
  const failures = db.prepare("SELECT count(*) AS n FROM login_log WHERE agent_id = ? AND result = 'failure' AND reason IN ('bad_password', 'bad_totp') AND at > ?");
  const lastSuccess = db.prepare("SELECT at FROM login_log WHERE agent_id = ? AND result = 'success' ORDER BY at DESC LIMIT 1 OFFSET 1");
  const insertCode = db.prepare("INSERT INTO recovery_codes (agent_id, code_hash) VALUES (?, ?)");
  const deleteCodes = db.prepare("DELETE FROM recovery_codes WHERE agent_id = ?");
  const useCode = db.prepare("UPDATE recovery_codes SET used_at = ? WHERE agent_id = ? AND code_hash = ? AND used_at IS NULL");
  const unusedCodes = db.prepare("SELECT count(*) AS n FROM recovery_codes WHERE agent_id = ? AND used_at IS NULL");

  return {
    insertSession: (s: SessionRow) => insertSession.run(s as any),
    session: (hash: string) => session.get(hash) as SessionRow | null,
    touch: (hash: string, now: number) => touch.run(now, hash),
    deleteSession: (hash: string) => deleteSession.run(hash),
    deleteAgentSessions: (agentId: number) => deleteAgentSessions.run(agentId).changes,
    deleteExpired: (absoluteBefore: number, idleBefore: number) => deleteExpired.run(absoluteBefore, idleBefore).changes,
    log: (e: Omit<LoginLogRow, "id">) => log.run(e as any),
    failuresSince: (agentId: number, since: number) => (failures.get(agentId, since) as { n: number }).n,
    previousSuccessAt: (agentId: number) => (lastSuccess.get(agentId) as { at: number } | null)?.at ?? null,
    replaceRecoveryCodes(agentId: number, hashes: string[]) {
      deleteCodes.run(agentId);
      for (const h of hashes) insertCode.run(agentId, h);
    },
    deleteRecoveryCodes: (agentId: number) => deleteCodes.run(agentId),
    useRecoveryCode: (agentId: number, hash: string, now: number) => useCode.run(now, agentId, hash).changes === 1,
    unusedRecoveryCodes: (agentId: number) => (unusedCodes.get(agentId) as { n: number }).n,
    listLoginLog: (q: LoginLogQuery) =>
      pagedQuery<LoginLogRow>(db, "login_log", [
        ["at >= $from", "from", q.from],
        ["at < $to", "to", q.to],
        ["username LIKE $username", "username", q.username ? `%${q.username}%` : undefined],
        ["ip LIKE $ip", "ip", q.ip ? `${q.ip}%` : undefined],
        ["result = $result", "result", q.result],
      ], q),
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
