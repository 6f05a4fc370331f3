import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import type { SecretBox } from "../platform/secretbox.ts";
import type { LeaveMessageRow } from "../leave/service.ts";
import type { ForwardingSettings } from "../sites/settings/sections/forwarding.ts";
import { conflict, invalid, notFound } from "../platform/errors.ts";
import type { MailMessage } from "./mailer.ts";
import { createOutboxRepo, type OutboxStatus } from "./outbox.ts";
import { createOutboxWorker, RETRY } from "./worker.ts";
import { createSmsGateway } from "./sms-gateway.ts";
import { enqueueLeaveForwards, formatMinute } from "./leave-forward.ts";

const POLL_MS = 10_000;
/** Sent rows are kept this long for the admin page, then purged; pending and failed rows never are. */
export const SENT_RETENTION_DAYS = 90;

/**
 * Forwarding (issue 7): new leave messages go out by email and SMS through an outbox. Rows are
 * written with the message (enqueueLeave), sent by the worker (start: now, on each new message,
 * and every 10 s for retries that came due), retried with backoff and kept as failed for an
 * administrator to retry. Nothing is dropped.
 */
export function createForwardingService(deps: {
  db: Database; clock: Clock; events: EventBus; audit: AuditService; secretBox: SecretBox;
  mail: { send(m: MailMessage): Promise<unknown> };
  settings: (siteId: number) => ForwardingSettings;
  siteName: (siteId: number) => string;
  onError?: (err: unknown) => void;
  retry?: typeof RETRY;
}) {
  const repo = createOutboxRepo(deps.db);
  const sms = createSmsGateway(deps);
  const worker = createOutboxWorker({
    repo, clock: deps.clock, retry: deps.retry, onError: deps.onError,
    senders: {
      email: (row) => deps.mail.send({ to: [row.recipient], subject: row.subject, text: row.body, html: row.html || undefined, replyTo: row.reply_to || undefined }),
      sms: (row) => sms.send({ phone: row.recipient, text: row.body, site: row.subject, id: String(row.ref_id), time: formatMinute(row.created_at) }),
    },
  });
  let stopTimers: (() => void) | null = null;

  return {
    sms: {
      get: sms.get,
      set: sms.set,
      /** A test SMS from the settings page, sent at once (not through the outbox) so the admin sees the gateway's answer. */
      async test(phone: string, actor: Actor) {
        const to = phone.replace(/[\s()-]/g, "");
        if (!/^\+?\d{5,20}$/.test(to)) throw invalid("手机号码格式不正确 / the phone number looks wrong", "test_phone");
        if (!sms.get()) throw conflict("未设置短信网关 / no SMS gateway is set up", "test_phone");
        const at = deps.clock.now();
        try {
          return await sms.send({ phone: to, text: "迎客测试短信 / Yingke test SMS", site: "迎客", id: "0", time: formatMinute(at) });
        } finally {
          deps.audit.record(actor, { action: "notify.sms.test", targetType: "settings", targetId: "sms_gateway", detail: { to } });
        }
      },
    },

    /** Called inside the leave message's own transaction (src/leave/service.ts onStored). */
    enqueueLeave(m: LeaveMessageRow): number {
      const f = deps.settings(m.site_id);
      if (!(f.emailEnabled && f.emails.length) && !(f.smsEnabled && f.phones.length)) return 0;
      return enqueueLeaveForwards(repo, m, f, deps.siteName(m.site_id));
    },

    outbox: {
      counts: repo.counts,
      page: (status: OutboxStatus, limit: number, offset: number) => repo.page(status, limit, offset),
      get: repo.get,
      /** A failed (or waiting) row is tried again at once, with one more attempt; audited. */
      retryNow(id: number, actor: Actor) {
        const row = repo.get(id);
        if (!row) throw notFound();
        if (row.status === "sent") throw conflict("已发送 / already sent");
        deps.db.transaction(() => {
          repo.retryNow(id, deps.clock.now());
          deps.audit.record(actor, { action: "notify.outbox.retry", targetType: "notify_outbox", targetId: id, detail: { channel: row.channel, recipient: row.recipient, attempts: row.attempts, status: row.status } });
        }).immediate();
        worker.kick();
      },
      purgeSent: () => repo.purgeSent(deps.clock.now() - SENT_RETENTION_DAYS * 86_400_000),
    },

    worker: {
      runDue: worker.runDue,
      idle: worker.idle,
      /** Start-up: sends what is due (including what a crash or a stop left), then follows new messages and retries. */
      start() {
        if (stopTimers) return;
        const off = deps.events.subscribe("leave.created", () => worker.kick());
        const poll = setInterval(() => worker.kick(), POLL_MS);
        poll.unref?.();
        stopTimers = () => {
          off();
          clearInterval(poll);
        };
        worker.kick();
      },
      stop() {
        stopTimers?.();
        stopTimers = null;
      },
    },
  };
}
export type ForwardingService = ReturnType<typeof createForwardingService>;
