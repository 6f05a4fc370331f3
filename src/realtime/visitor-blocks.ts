import type { Services } from "../services.ts";
import type { Conn, Hub } from "./hub.ts";
import { errorFrame } from "./frames.ts";

/** Close code for a visitor channel of a hidden visitor: the widget removes itself. */
export const CLOSE_BLOCKED = 4003;
export const BLOCKED_MESSAGE = "暂时无法发起对话 / chat is not available";

/** Frames that start or carry a chat: refused while "refuse chat" applies. Leave messages stay allowed. */
const CHAT_FRAMES = new Set(["send", "file", "typing", "draft"]);

/**
 * Block enforcement on the visitor channel (A11). One in-memory lookup per frame (the blocks
 * service caches active blocks), so the hot path stays cheap.
 */
export function visitorBlocks(s: Services, hub: Hub) {
  const hideFrame = { type: "blocked", mode: "hide", message: BLOCKED_MESSAGE };
  return {
    /** The mode in force for this visitor, if any. */
    mode: (visitorId: number, ip: string, siteId: number) => s.care.blocks.activeFor(visitorId, ip, siteId)?.mode ?? null,
    /** A hidden visitor's channel: say so, then close. */
    refuse(conn: Conn) {
      hub.send(conn, hideFrame);
      conn.close(CLOSE_BLOCKED, "blocked");
    },
    /** The reply to a frame a blocked visitor may not send, or null when it may go ahead. */
    check(visitorId: number, ip: string, siteId: number, conn: Conn, type: string, cid: string | undefined): Record<string, unknown>[] | null {
      const mode = s.care.blocks.activeFor(visitorId, ip, siteId)?.mode;
      if (!mode) return null;
      if (mode === "hide") {
        hub.send(conn, hideFrame);
        conn.close(CLOSE_BLOCKED, "blocked");
        return [];
      }
      if (!CHAT_FRAMES.has(type)) return null; // browsing, pings and leave messages go on
      return type === "send" || type === "file" ? [errorFrame("blocked", BLOCKED_MESSAGE, { cid })] : [];
    },
  };
}
