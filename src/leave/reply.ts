import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { Actor, AuditService } from "../audit/service.ts";
import { invalid, notFound } from "../platform/errors.ts";
import type { LeaveRepo } from "./repo.ts";
import type { LeaveInbox } from "./inbox.ts";
import { MAX_REPLY_BODY, MAX_REPLY_SUBJECT, replyView, type InboxViewer, type Names } from "./model.ts";

/** The core's mail sender (src/notify): resolves once the SMTP server accepted the message. */
export type SendMail = (m: { to: string[]; subject: string; text: string }) => Promise<{ messageId: string }>;

export const DEFAULT_SUBJECT = "回复：您的留言 / Re: your message";
const STALE_SENDING_MS = 10 * 60_000;
const INTERRUPTED = "服务在发送时停止，无法确认是否送达 / the server stopped while sending; delivery is unknown";

/**
 * Replying to a leave message by email from the inbox (H2). The server writes to the address the
 * visitor left — the agent never needs to see it (it may be masked for them, X8). Each attempt is
 * a leave_replies row: "sending" before the mail goes out (nothing written is lost), then "sent"
 * with the SMTP message id, and only then is the message marked replied; a refusal is kept as
 * "failed" with the server's error, which the agent is shown. Both outcomes are audited.
 */
export function createLeaveReplies(deps: {
  db: Database; clock: Clock; audit: AuditService; repo: LeaveRepo; inbox: LeaveInbox; names: Names; send: SendMail;
  events: Pick<EventBus, "publish">;
}) {
  const { repo } = deps;
  const tx = <T>(fn: () => T) => deps.db.transaction(fn).immediate();
  // A reply left "sending" by a stopped server never finishes: say so instead of leaving it pending.
  // Only ones older than any send can take (the mailer's timeouts), as a CLI command builds these
  // services too while the server may be sending.
  repo.abandonSending(INTERRUPTED, deps.clock.now() - STALE_SENDING_MS);

  return {
    async reply(v: InboxViewer, actor: Actor & { id: number }, id: number, input: Record<string, unknown>) {
      const m = deps.inbox.mustSee(v, id);
      if (!m.email) throw invalid("该留言没有邮箱地址，无法用邮件回复 / this message has no email address to reply to", "email");
      const rawSubject = typeof input.subject === "string" ? input.subject.trim().replace(/[\r\n]+/g, " ") : "";
      if (rawSubject.length > MAX_REPLY_SUBJECT) throw invalid(`主题最多 ${MAX_REPLY_SUBJECT} 字 / a subject has at most ${MAX_REPLY_SUBJECT} characters`, "subject");
      const body = typeof input.body === "string" ? input.body.trim() : "";
      if (!body) throw invalid("请填写回复内容 / write your reply", "body");
      if (body.length > MAX_REPLY_BODY) throw invalid(`回复最多 ${MAX_REPLY_BODY} 字 / a reply has at most ${MAX_REPLY_BODY} characters`, "body");
      const subject = rawSubject || DEFAULT_SUBJECT;

      const pending = tx(() => repo.insertReply({ message_id: id, agent_id: actor.id, to_address: m.email, subject, body, created_at: deps.clock.now() }));
      let sent: { messageId: string } | null = null;
      let failure: unknown = null;
      try {
        sent = await deps.send({ to: [m.email], subject, text: body });
      } catch (e) {
        failure = e;
      }
      const now = deps.clock.now();
      let turnedReplied = false;
      const row = tx(() => {
        const done = sent
          ? repo.finishReply({ id: pending.id, status: "sent", smtp_message_id: sent.messageId, error: "", sent_at: now })
          : repo.finishReply({ id: pending.id, status: "failed", smtp_message_id: "", error: errorText(failure), sent_at: null });
        // The message may have been deleted while the mail was on its way: then there is no row to mark.
        if (sent && repo.get(id)) turnedReplied = repo.markReplied(id, now, actor.id);
        deps.audit.record(actor, {
          action: sent ? "leave.reply" : "leave.reply_failed", targetType: "leave_message", targetId: id,
          detail: { siteId: m.site_id, replyId: pending.id, channel: "email", subject, ...(sent ? { smtpMessageId: sent.messageId } : { error: done?.error ?? "" }) },
        });
        return done;
      });
      if (failure) throw failure;
      const after = repo.get(id);
      if (!row || !after) throw notFound("留言已被删除 / the message was deleted");
      deps.events.publish("leave.changed", { message: after, action: turnedReplied ? "replied" : "updated", countChanged: turnedReplied });
      return { reply: replyView(row, deps.names), ...deps.inbox.get(v, id) };
    },
  };
}
export type LeaveReplies = ReturnType<typeof createLeaveReplies>;

const errorText = (e: unknown) => String((e as { message?: unknown })?.message ?? e).slice(0, 500);
