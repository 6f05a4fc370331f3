import { sha256Hex } from "../platform/ids.ts";

/** The fields that are hashed; anything else on the row (its hash) is derived. */
export interface AuditFields {
  id: number;
  at: number;
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  ip: string;
  detail: string;
}

export const GENESIS_HASH = "0".repeat(64);

/**
 * Canonical encoding: a JSON array in fixed field order, so the hash does not depend on object
 * key order or on how a row was read back. `detail` is hashed as the stored JSON text.
 */
export function canonical(e: AuditFields): string {
  return JSON.stringify([e.id, e.at, e.actor_id, e.actor_name, e.action, e.target_type, e.target_id, e.ip, e.detail]);
}

export const entryHash = (prevHash: string, e: AuditFields) => sha256Hex(prevHash + "\n" + canonical(e));
