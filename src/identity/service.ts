import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { Database } from "bun:sqlite";
import { verifyIdentity, type IdentityRejection } from "./hmac.ts";
import { createIdentityRepo, type MemberRow } from "./repo.ts";
import { IDENTITY_DEFAULTS, type IdentitySettings, type MemberView } from "./model.ts";

export type { IdentitySettings, MemberView };

const HISTORY_LIMIT = 50;

export type IdentifyResult = { verified: true; member: MemberView } | { verified: false; reason: IdentityRejection | "disabled" | "absent" };

const view = (m: MemberRow): MemberView => ({ memberId: m.member_id, name: m.member_name, verifiedAt: m.verified_at });

/**
 * Verifies the host site's signed member claims (V25) and links visitors to members. The state
 * follows the latest claim: a valid one marks the visitor verified, anything else (wrong
 * signature, expired, malformed, absent, identity switched off) removes the link at once, so
 * a visitor is never left verified on someone else's word. The one exception: the very claim the
 * visitor was verified with, sent again after a reconnect past its 10 minutes, keeps the link
 * (it proves nothing new, but nothing less either).
 */
export function createIdentityService(deps: {
  db: Database; clock: Clock; events: EventBus; writer: GroupCommitWriter;
  secretOf: (siteId: number) => string | null;
  settings: (siteId: number) => IdentitySettings;
}) {
  const repo = createIdentityRepo(deps.db);
  const settingsOf = (siteId: number): IdentitySettings => {
    try {
      return { ...IDENTITY_DEFAULTS, ...deps.settings(siteId) };
    } catch {
      return IDENTITY_DEFAULTS;
    }
  };

  async function unlink(visitor: { id: number; site_id: number }) {
    if (!repo.get(visitor.id)) return;
    await deps.writer.write(() => repo.remove(visitor.id));
    deps.events.publish("visitor.updated", { siteId: visitor.site_id, visitorId: visitor.id });
  }

  return {
    settings: settingsOf,

    /** The visitor's verified member, or null. */
    memberOf(visitorId: number): MemberView | null {
      const m = repo.get(visitorId);
      return m ? view(m) : null;
    },

    /** Whether chat must wait for verification on this site and this visitor is not verified. */
    mustVerify(siteId: number, visitorId: number): boolean {
      const s = settingsOf(siteId);
      return s.enabled && s.required && !repo.get(visitorId);
    },

    /** Handles one claim from the visitor's page (`raw` empty or absent: the page names no member). */
    async identify(visitor: { id: number; site_id: number }, raw: Record<string, unknown> | null): Promise<IdentifyResult> {
      const settings = settingsOf(visitor.site_id);
      if (!settings.enabled) {
        await unlink(visitor);
        return { verified: false, reason: "disabled" };
      }
      const fields = raw ?? {};
      if (!["memberId", "name", "ts", "sig"].some((k) => fields[k] !== undefined && fields[k] !== "")) {
        await unlink(visitor);
        return { verified: false, reason: "absent" };
      }
      const now = deps.clock.now();
      const result = verifyIdentity(deps.secretOf(visitor.site_id) ?? "", fields, now);
      const current = repo.get(visitor.id);
      if (!result.ok) {
        const same = current && result.reason === "expired" && fields.memberId !== undefined && String(fields.memberId) === current.member_id
          && (fields.name ?? "") === current.member_name && Number(fields.ts) === current.signed_ts;
        if (same) return { verified: true, member: view(current) };
        await unlink(visitor);
        return { verified: false, reason: result.reason };
      }
      if (current && current.member_id === result.memberId && current.member_name === result.name && current.signed_ts === result.ts) {
        return { verified: true, member: view(current) };
      }
      const row: MemberRow = { visitor_id: visitor.id, site_id: visitor.site_id, member_id: result.memberId, member_name: result.name, signed_ts: result.ts, verified_at: now };
      await deps.writer.write(() => repo.upsert(row));
      deps.events.publish("visitor.updated", { siteId: visitor.site_id, visitorId: visitor.id });
      return { verified: true, member: view(row) };
    },

    /**
     * The member's side of the visitor panel: the member, the other visitors verified as the same
     * member on this site, and their conversations. Null for an unverified visitor, so an
     * unverified (or forged) claim never reaches anyone's history.
     */
    memberPanel(visitorId: number) {
      const m = repo.get(visitorId);
      if (!m) return null;
      return {
        ...view(m),
        otherVisitors: repo.linkedVisitors(visitorId, HISTORY_LIMIT),
        conversations: repo.memberChats(visitorId, HISTORY_LIMIT).map((c) => ({ ...c, agentName: c.agentName ?? "" })),
      };
    },
  };
}
export type IdentityService = ReturnType<typeof createIdentityService>;
