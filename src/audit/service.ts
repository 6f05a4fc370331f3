import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import { createAuditRepo, type AuditQuery, type AuditRow } from "./repo.ts";
import { entryHash, GENESIS_HASH } from "./chain.ts";
import { createAuditQuery } from "./query.ts";

export interface Actor {
  id: number | null;
  name: string;
  ip?: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: "system" };

export interface AuditEntry {
  action: string; // dotted verb, e.g. "auth.login", "agent.create", "settings.update"
  targetType?: string;
  targetId?: string | number;
  detail?: Record<string, unknown>;
}

export interface ChainStatus {
  ok: boolean;
  checked: number;
  firstBrokenId?: number;
  problem?: string;
}

export const MIN_RETENTION_DAYS = 184;
const DAY = 86_400_000;

/**
 * The audit log is append-only by construction: this service has no update or delete besides
 * the retention purge, and SQL triggers refuse UPDATE and any DELETE of entries younger than
 * 184 days. Records are written synchronously inside the caller's transaction when there is
 * one, so an audited change and its entry commit together.
 */
export function createAuditService(deps: { db: Database; clock: Clock; retentionDays: number }) {
  const repo = createAuditRepo(deps.db);
  const retentionDays = Math.max(MIN_RETENTION_DAYS, deps.retentionDays);

  function record(actor: Actor, entry: AuditEntry): AuditRow {
    return deps.db.transaction(() => {
      const prev = repo.last();
      const anchor = prev ? null : repo.anchor();
      const fields = {
        id: (prev?.id ?? anchor?.purged_through_id ?? 0) + 1,
        at: deps.clock.now(),
        actor_id: actor.id,
        actor_name: actor.name,
        action: entry.action,
        target_type: entry.targetType ?? "",
        target_id: entry.targetId === undefined ? "" : String(entry.targetId),
        ip: actor.ip ?? "",
        detail: JSON.stringify(entry.detail ?? {}),
      };
      const prevHash = prev?.hash ?? anchor?.last_hash ?? GENESIS_HASH;
      const row: AuditRow = { ...fields, prev_hash: prevHash, hash: entryHash(prevHash, fields) };
      repo.insert(row);
      return row;
    }).immediate();
  }

  /** Walks the chain; names the first entry whose content, link or numbering does not fit. */
  function verify(): ChainStatus {
    const anchor = repo.anchor();
    let expectedPrev = anchor?.last_hash ?? GENESIS_HASH;
    let expectedId = (anchor?.purged_through_id ?? 0) + 1;
    let checked = 0;
    for (const row of repo.scan()) {
      if (row.id !== expectedId) return { ok: false, checked, firstBrokenId: expectedId, problem: `entry ${expectedId} is missing` };
      if (row.prev_hash !== expectedPrev) return { ok: false, checked, firstBrokenId: row.id, problem: `entry ${row.id} does not link to the entry before it` };
      if (entryHash(row.prev_hash, row) !== row.hash) return { ok: false, checked, firstBrokenId: row.id, problem: `entry ${row.id} was altered after it was written` };
      expectedPrev = row.hash;
      expectedId++;
      checked++;
    }
    return { ok: true, checked };
  }

  /** Deletes entries past retention, keeping the anchor so the rest still verifies. */
  function purgeExpired(): number {
    const cutoff = deps.clock.now() - retentionDays * DAY;
    return deps.db.transaction(() => {
      const through = repo.lastBefore(cutoff);
      if (!through) return 0;
      const n = repo.purgeThrough(through.id, through.hash);
      record(SYSTEM_ACTOR, { action: "audit.purge", detail: { deleted: n, throughId: through.id, retentionDays } });
      return n;
    }).immediate();
  }

  return {
    record,
    verify,
    purgeExpired,
    retentionDays,
    list: (q: AuditQuery) => repo.list(q),
    /** Filtered reading for the operation log page and its export. */
    search: createAuditQuery(deps.db),
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
