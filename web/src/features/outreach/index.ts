/**
 * Outreach feature (V8, V9, V10, V13, A16): importing this registers
 * <yk-visitor-actions .visitorId .siteId> (invite, proactive chat; fires yk-open-conversation)
 * and <yk-chat-push .conversationId> (push URL, survey, info form; shows the answers).
 */
import "./visitor-actions.ts";
import "./chat-push.ts";
export { YkVisitorActions } from "./visitor-actions.ts";
export { YkChatPush } from "./chat-push.ts";
