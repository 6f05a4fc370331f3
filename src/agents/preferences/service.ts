import type { Database } from "bun:sqlite";
import type { Clock } from "../../platform/clock.ts";
import { DEFAULT_PREFERENCES, mergePreferences, type Preferences } from "./schema.ts";

export type { Preferences };

/**
 * Per-agent console preferences. Stored documents are read through the same merge as updates,
 * so a key added to the defaults later appears for everyone and a stale stored key is dropped.
 */
export function createPreferencesService(deps: { db: Database; clock: Clock }) {
  const read = deps.db.prepare("SELECT data FROM agent_preferences WHERE agent_id = ?");
  const upsert = deps.db.prepare(
    `INSERT INTO agent_preferences (agent_id, data, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (agent_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  );

  function get(agentId: number): Preferences {
    const row = read.get(agentId) as { data: string } | null;
    if (!row) return structuredClone(DEFAULT_PREFERENCES);
    try {
      const stored = JSON.parse(row.data) as Record<string, unknown>;
      // Tolerant on read: keep what still validates, one key at a time.
      let prefs = structuredClone(DEFAULT_PREFERENCES);
      for (const [k, v] of Object.entries(stored)) {
        try {
          prefs = mergePreferences(prefs, { [k]: v });
        } catch {
          /* a key this version no longer knows */
        }
      }
      return prefs;
    } catch {
      return structuredClone(DEFAULT_PREFERENCES);
    }
  }

  return {
    get,
    /** Validates a partial update (422 with the field on any bad key or value) and stores the whole document. */
    update(agentId: number, input: unknown): Preferences {
      return deps.db.transaction(() => {
        const next = mergePreferences(get(agentId), input);
        upsert.run(agentId, JSON.stringify(next), deps.clock.now());
        return next;
      }).immediate();
    },
  };
}
export type PreferencesService = ReturnType<typeof createPreferencesService>;
