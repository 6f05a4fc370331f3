import type { Clock } from "../platform/clock.ts";
import { randomToken, sha256Hex } from "../platform/ids.ts";
import type { SettingsService } from "../settings/service.ts";
import type { AuthRepo, SessionRow } from "./repo.ts";

const MINUTE = 60_000;
/** last_seen_at is written at most this often, so reads do not turn into a write per request. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Sessions are opaque random tokens; only their SHA-256 is stored. Idle and absolute limits
 * are read from the current policy at each check, so tightening them applies at once.
 */
export function createSessions(deps: { repo: AuthRepo; clock: Clock; settings: SettingsService }) {
  const { repo, clock } = deps;

  function limits() {
    const s = deps.settings.security();
    return { idle: s.session_idle_minutes * MINUTE, absolute: s.session_absolute_hours * 60 * MINUTE };
  }

  return {
    create(agentId: number, stage: SessionRow["stage"], ip: string, userAgent: string, previousLoginAt: number | null = null): { token: string; row: SessionRow } {
      const token = randomToken();
      const now = clock.now();
      // A pending TOTP step gets five minutes, not a full session lifetime.
      const expires = stage === "totp" ? now + 5 * MINUTE : now + limits().absolute;
      const row: SessionRow = {
        token_hash: sha256Hex(token), agent_id: agentId, stage, csrf_token: randomToken(24),
        ip, user_agent: userAgent.slice(0, 400), created_at: now, last_seen_at: now, expires_at: expires,
        previous_login_at: previousLoginAt,
      };
      repo.insertSession(row);
      return { token, row };
    },

    /** The live session for a token, or null if unknown, expired or idle too long (then deleted). */
    lookup(token: string | undefined): SessionRow | null {
      if (!token || token.length > 200) return null;
      const hash = sha256Hex(token);
      const row = repo.session(hash);
      if (!row) return null;
      const now = clock.now();
      const { idle, absolute } = limits();
      if (now >= row.expires_at || now >= row.created_at + absolute || now >= row.last_seen_at + idle) {
        repo.deleteSession(hash);
        return null;
      }
      if (now - row.last_seen_at >= TOUCH_EVERY_MS) repo.touch(hash, now);
      return row;
    },

    end(token: string) {
      repo.deleteSession(sha256Hex(token));
    },
    endAll: (agentId: number) => repo.deleteAgentSessions(agentId),
    purgeExpired() {
      const now = clock.now();
      return repo.deleteExpired(now, now - limits().idle);
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
