import type { Services } from "../services.ts";
import type { Conn, Hub } from "./hub.ts";
import { errorFrame } from "./frames.ts";

/** Close code for a visitor channel of a hidden visitor: the widget removes itself. */
export const CLOSE_BLOCKED = 4003;
export const BLOCKED_MESSAGE = "暂时无法发起对话 / chat is not available";

/** Frames that start or carry a chat: refused while "refuse chat" applies. Leave messages stay allowed. */
const CHAT_FRAMES = new Set(["send", "file", "typing", "draft", "invite_answer"]);

/**
 * What applies to this visitor's channel now, strongest first: an agent's or admin's block (A11,
 * M7), the site's service regions (M5: outside gets the leave form only, or no widget), and a
 * site that requires a verified member (V25) for chat. All in-memory or one indexed lookup.
 */
export function accessMode(s: Services, visitorId: number, ip: string, siteId: number): "hide" | "refuse_chat" | null {
  const blocked = s.care.blocks.activeFor(visitorId, ip, siteId)?.mode ?? null;
  if (blocked === "hide") return "hide";
  const region = s.regions.restriction(siteId, ip);
  if (region === "hide") return "hide";
  if (blocked || region === "leave" || s.identity.mustVerify(siteId, visitorId)) return "refuse_chat";
  return null;
}

/**
 * Block enforcement on the visitor channel (A11). One in-memory lookup per frame (the blocks
 * service caches active blocks), so the hot path stays cheap.
 */
export function visitorBlocks(s: Services, hub: Hub) {
  const hideFrame = { type: "blocked", mode: "hide", message: BLOCKED_MESSAGE };
  return {
    /** The mode in force for this visitor, if any. */
    mode: (visitorId: number, ip: string, siteId: number) => accessMode(s, visitorId, ip, siteId),
    /** A hidden visitor's channel: say so, then close. */
    refuse(conn: Conn) {
      hub.send(conn, hideFrame);
      conn.close(CLOSE_BLOCKED, "blocked");
    },
    /** The reply to a frame a blocked visitor may not send, or null when it may go ahead. */
    check(visitorId: number, ip: string, siteId: number, conn: Conn, type: string, cid: string | undefined): Record<string, unknown>[] | null {
      const mode = accessMode(s, visitorId, ip, siteId);
      if (!mode) return null;
      if (mode === "hide") {
        hub.send(conn, hideFrame);
        conn.close(CLOSE_BLOCKED, "blocked");
        return [];
      }
      if (!CHAT_FRAMES.has(type)) return null; // browsing, pings and leave messages go on
      return type === "send" || type === "file" || type === "invite_answer" ? [errorFrame("blocked", BLOCKED_MESSAGE, { cid })] : [];
    },
  };
}
