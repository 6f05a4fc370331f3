import { randomBytes } from "node:crypto";
import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import type { AgentsService, AgentRow } from "../agents/service.ts";
import type { SecretBox } from "../platform/secretbox.ts";
import { sha256Hex } from "../platform/ids.ts";
import { invalid, conflict } from "../platform/errors.ts";
import type { AuthRepo } from "./repo.ts";
import { newTotpSecret, otpauthUri, stepAt, verifyTotp } from "./totp.ts";

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normalizeRecovery = (code: string) => code.trim().toLowerCase().replace(/[^a-z0-9]/g, "");
const hashRecovery = (code: string) => sha256Hex(normalizeRecovery(code));

/**
 * TOTP enrolment and checking. The seed is sealed with the data-folder key the moment it is
 * generated; it is shown only on the enrolment page before confirmation and never again.
 */
export function createTotpService(deps: { db: Database; clock: Clock; events: EventBus; audit: AuditService; agents: AgentsService; secretBox: SecretBox; repo: AuthRepo }) {
  const { agents, repo, clock } = deps;

  return {
    /** Starts (or restarts) enrolment for an agent without an active TOTP; returns what the page shows. */
    beginEnrolment(agent: AgentRow): { secret: string; uri: string } {
      if (agent.totp_enabled) throw conflict("已启用动态口令 / TOTP is already enabled; ask an administrator to reset it");
      const secret = newTotpSecret();
      agents.credentials.setTotp(agent.id, deps.secretBox.seal(secret), false, 0, clock.now());
      return { secret, uri: otpauthUri(secret, agent.username) };
    },

    /** Pending (unconfirmed) enrolment secret, to redraw the page after a wrong code. */
    pendingEnrolment(agent: AgentRow): { secret: string; uri: string } | null {
      if (agent.totp_enabled || !agent.totp_secret_enc) return null;
      const secret = deps.secretBox.open(agent.totp_secret_enc);
      return { secret, uri: otpauthUri(secret, agent.username) };
    },

    /** Confirms enrolment with a first code; returns the recovery codes, shown once. */
    confirmEnrolment(agent: AgentRow, code: string, actor: Actor): string[] {
      if (agent.totp_enabled || !agent.totp_secret_enc) throw conflict("没有待确认的动态口令 / no enrolment in progress");
      const secret = deps.secretBox.open(agent.totp_secret_enc);
      const step = verifyTotp(secret, code, clock.now(), 0);
      if (step === null) throw invalid("验证码不正确 / the code is wrong; check the phone's clock and try the next code", "code");
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      deps.db.transaction(() => {
        agents.credentials.setTotp(agent.id, agent.totp_secret_enc, true, step, clock.now());
        repo.replaceRecoveryCodes(agent.id, codes.map(hashRecovery));
        deps.audit.record(actor, { action: "auth.totp_enrol", targetType: "agent", targetId: agent.id, detail: { username: agent.username } });
      }).immediate();
      return codes;
    },

    /** Returns "totp" or "recovery" when the code is accepted (and consumes it), else null. */
    check(agent: AgentRow, code: string): "totp" | "recovery" | null {
      if (!agent.totp_enabled || !agent.totp_secret_enc) return null;
      const text = String(code ?? "").trim();
      if (/^\d{3}\s?\d{3}$/.test(text)) {
        const step = verifyTotp(deps.secretBox.open(agent.totp_secret_enc), text, clock.now(), agent.totp_last_step);
        // The conditional UPDATE makes "used once" hold even for two requests racing with one code.
        return step !== null && agents.credentials.claimTotpStep(agent.id, step) ? "totp" : null;
      }
      if (normalizeRecovery(text).length === 10 && repo.useRecoveryCode(agent.id, hashRecovery(text), clock.now())) {
        deps.audit.record({ id: agent.id, name: agent.username }, { action: "auth.recovery_code_used", targetType: "agent", targetId: agent.id, detail: { remaining: repo.unusedRecoveryCodes(agent.id) } });
        return "recovery";
      }
      return null;
    },

    unusedRecoveryCodes: (agentId: number) => repo.unusedRecoveryCodes(agentId),

    /** Admin or CLI reset: the agent enrols again at next sign-in if TOTP is required. */
    reset(agentId: number, actor: Actor) {
      const agent = agents.get(agentId);
      if (!agent) throw invalid("客服不存在 / agent not found", "agent");
      deps.db.transaction(() => {
        agents.credentials.setTotp(agentId, null, false, 0, clock.now());
        repo.deleteRecoveryCodes(agentId);
        deps.audit.record(actor, { action: "auth.totp_reset", targetType: "agent", targetId: agentId, detail: { username: agent.username } });
      }).immediate();
      deps.events.publish("agent.sessions_ended", { agentId, reason: "totp_reset" });
    },

    currentStep: () => stepAt(clock.now()),
  };
}
