import type { Services } from "../services.ts";
import type { VisitorRow } from "../visitors/service.ts";
import type { ChatRoute } from "../sites/entry.ts";
import type { ConversationRow } from "../chat/repo.ts";

/**
 * The pre-chat form (V7) on the frame that opens a chat (`send` or `file` with `prechat`).
 * While the visitor has an open chat the frame simply joins it and the form is not asked.
 * Otherwise the answers are checked against the site's form (an `invalid` error names the
 * field, e.g. `prechat.email`, and nothing is written), name and contact are saved to the
 * visitor first (so the waiting chat shows the name), the question type's group replaces the
 * site's route, and the rest is stored in the transaction that opens the chat.
 */
export async function prechatOpening(s: Services, visitor: VisitorRow, frame: Record<string, unknown>, entryRoute: () => ChatRoute): Promise<{ route: () => ChatRoute; opened?: (c: ConversationRow) => void }> {
  if (s.chat.openFor(visitor.id)) return { route: entryRoute };
  const answers = s.prechat.check(visitor.site_id, frame.prechat);
  if (!answers) return { route: entryRoute };
  await s.prechat.saveProfile(visitor, answers);
  const groupId = s.prechat.groupOf(answers);
  return {
    // The entry route still runs: it refuses a forged group or agent choice.
    route: () => {
      const base = entryRoute();
      return groupId !== null ? { groupId, requestedAgentId: null } : base;
    },
    opened: (c) => s.prechat.store(c, answers),
  };
}
