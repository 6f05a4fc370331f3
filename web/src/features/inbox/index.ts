/**
 * The leave-message inbox (H2): <yk-leave-inbox> (the 留言 Inbox section), <yk-leave-detail>
 * (one message: type, note, replied, reply by email, delete) and <yk-inbox-badge> (the header's
 * unanswered count and "N new since you last signed in"). Frames: leave_new, leave_changed,
 * leave_counts (docs/protocol.md); routes /api/leave-messages* (docs/inbox.md).
 */
export { YkLeaveInbox } from "./leave-inbox.ts";
export { YkLeaveDetail } from "./leave-detail.ts";
export { YkInboxBadge } from "./inbox-badge.ts";
