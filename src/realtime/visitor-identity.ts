import type { Services } from "../services.ts";
import type { Hub } from "./hub.ts";
import type { VisitorSession } from "./visitor-session.ts";
import { BLOCKED_MESSAGE, accessMode } from "./visitor-blocks.ts";

type Frame = Record<string, unknown> & { type: string };

/**
 * The `identify` frame (V25): the host page's signed member claim, sent by the widget after
 * `connected` (an empty frame when the page names no member but the visitor was verified).
 * Verification can change what the visitor may do (a site that requires verified members), so
 * the visitor's open tabs hear `unblocked` / `blocked` when it does.
 */
export function identityVisitorHandlers(s: Services, hub: Hub) {
  return {
    async identify(session: VisitorSession, frame: Frame) {
      const visitor = s.visitors.get(session.visitorId)!;
      const before = accessMode(s, visitor.id, session.ip, session.site.id);
      const { type: _type, ...claim } = frame;
      const result = await s.identity.identify(visitor, claim);
      const after = accessMode(s, visitor.id, session.ip, session.site.id);
      if (before !== after && after !== "hide") {
        hub.toVisitor(visitor.id, after === "refuse_chat" ? { type: "blocked", mode: "refuse_chat", message: BLOCKED_MESSAGE } : { type: "unblocked" });
      }
      return [{ type: "identity", verified: result.verified }];
    },
  };
}
