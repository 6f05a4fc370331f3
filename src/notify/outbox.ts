import type { Database } from "bun:sqlite";

export type OutboxChannel = "email" | "sms";
export type OutboxStatus = "pending" | "sent" | "failed";

/**
 * One delivery to one recipient. For email, subject/body/html are the mail; for SMS, body is
 * the text and subject the site's name (the {{site}} placeholder).
 */
export interface OutboxRow {
  id: number;
  channel: OutboxChannel;
  purpose: string;
  ref_id: number;
  site_id: number | null;
  recipient: string;
  subject: string;
  body: string;
  html: string;
  reply_to: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_error: string;
  created_at: number;
  sent_at: number | null;
}

export type NewOutboxRow = Pick<OutboxRow, "channel" | "purpose" | "ref_id" | "site_id" | "recipient" | "subject" | "body" | "html" | "reply_to" | "created_at">;

/** SQL of notify_outbox, statements prepared once. */
export function createOutboxRepo(db: Database) {
  const insert = db.prepare(
    `INSERT INTO notify_outbox (channel, purpose, ref_id, site_id, recipient, subject, body, html, reply_to, next_attempt_at, created_at)
     VALUES ($channel, $purpose, $ref_id, $site_id, $recipient, $subject, $body, $html, $reply_to, $created_at, $created_at)
     ON CONFLICT (purpose, ref_id, channel, recipient) DO NOTHING`,
  );
  const due = db.prepare("SELECT * FROM notify_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
  const byId = db.prepare("SELECT * FROM notify_outbox WHERE id = ?");
  const sent = db.prepare("UPDATE notify_outbox SET status = 'sent', attempts = attempts + 1, last_attempt_at = $at, sent_at = $at WHERE id = $id AND status = 'pending'");
  const failedAttempt = db.prepare(
    `UPDATE notify_outbox SET status = $status, attempts = attempts + 1, last_attempt_at = $at, next_attempt_at = $next, last_error = $error
     WHERE id = $id AND status = 'pending'`,
  );
  const retry = db.prepare("UPDATE notify_outbox SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status IN ('pending', 'failed')");
  const counts = db.prepare("SELECT status, COUNT(*) AS n FROM notify_outbox GROUP BY status");
  const page = db.prepare("SELECT * FROM notify_outbox WHERE status = ? ORDER BY id DESC LIMIT ? OFFSET ?");
  const purgeSent = db.prepare("DELETE FROM notify_outbox WHERE status = 'sent' AND sent_at < ?");

  return {
    /** Inside the caller's transaction; a second forward of the same thing to the same recipient is ignored. */
    insert: (row: NewOutboxRow) => insert.run(row as never).changes > 0,
    due: (now: number, limit: number) => due.all(now, limit) as OutboxRow[],
    get: (id: number) => byId.get(id) as OutboxRow | null,
    markSent: (id: number, at: number) => sent.run({ id, at } as never).changes > 0,
    /** `next` null: out of attempts, the row becomes failed. */
    markAttemptFailed: (id: number, at: number, next: number | null, error: string) =>
      failedAttempt.run({ id, at, status: next === null ? "failed" : "pending", next: next ?? at, error } as never).changes > 0,
    retryNow: (id: number, now: number) => retry.run(now, id).changes > 0,
    counts(): Record<OutboxStatus, number> {
      const out: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
      for (const r of counts.all() as { status: OutboxStatus; n: number }[]) out[r.status] = r.n;
      return out;
    },
    page: (status: OutboxStatus, limit: number, offset: number) => page.all(status, limit, offset) as OutboxRow[],
    purgeSent: (before: number) => purgeSent.run(before).changes,
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
