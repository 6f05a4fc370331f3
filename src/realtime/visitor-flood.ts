import type { Services } from "../services.ts";
import { errorFrame } from "./frames.ts";
import type { VisitorSession } from "./visitor-session.ts";

type Frame = Record<string, unknown> & { type: string };
type Reply = Record<string, unknown>;

/** Frames that store something a visitor wrote; the ones that open a conversation are chat requests too. */
const MESSAGES = new Set(["send", "file", "leave"]);

/**
 * Anti-flood on the visitor channel (V22, docs/protocol.md "Anti-flood"): `check` runs before a
 * frame's handler and answers `challenge_required` (with the puzzle) when the frame's source is
 * over the site's thresholds without a pass; nothing of that frame is stored, and the widget
 * sends it again, same cid, after answering with `pow`.
 */
export function visitorFlood(s: Services) {
  return {
    check(session: VisitorSession, frame: Frame, cid: string | undefined): Reply[] | null {
      if (!MESSAGES.has(frame.type)) return null;
      const chat = frame.type !== "leave" && !s.chat.openFor(session.visitorId);
      const challenge = s.flood.check(session.site.id, session.ip, { chat, message: true });
      if (!challenge) return null;
      return [{ ...errorFrame("challenge_required", "请先完成验证 / solve the challenge first", { cid }), challenge }];
    },

    handlers: {
      pow(session: VisitorSession, frame: Frame): Reply[] {
        const result = s.flood.solve(session.site.id, session.ip, frame.id, frame.nonce);
        if (result === "ok") return [{ type: "pow_ok" }];
        return [{ ...errorFrame("challenge_failed", "验证未通过，请重试 / the answer was not accepted; try again"), reason: result }];
      },
    },
  };
}
