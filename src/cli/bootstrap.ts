import { existsSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import type { Services } from "../services.ts";
import type { DataPaths } from "./data-folder.ts";
import { SYSTEM_ACTOR } from "../audit/service.ts";
import { temporaryPassword } from "../agents/service.ts";

/**
 * First start: with no agents at all, create `admin` with a random one-time password written to
 * an owner-only file (never to a log). Signing in forces a change; the change deletes the file.
 */
export async function bootstrapAdmin(s: Services, paths: DataPaths): Promise<string | null> {
  watchInitialPassword(s, paths);
  if (s.agents.count() > 0) return null;
  const password = temporaryPassword();
  const admin = await s.agents.create({ username: "admin", display_name: "管理员 Administrator", role_id: "admin", password, must_change_password: true }, SYSTEM_ACTOR);
  writeFileSync(paths.initialPassword, `username: admin\npassword: ${password}\nagent_id: ${admin.id}\n`, { mode: 0o600 });
  chmodSync(paths.initialPassword, 0o600);
  return paths.initialPassword;
}

function watchInitialPassword(s: Services, paths: DataPaths) {
  s.events.subscribe("agent.password_changed", ({ agentId }) => {
    if (!existsSync(paths.initialPassword)) return;
    const match = /agent_id: (\d+)/.exec(readFileSync(paths.initialPassword, "utf8"));
    if (match && Number(match[1]) === agentId) rmSync(paths.initialPassword, { force: true });
  });
}
