import cron from "node-cron";
import type { Services } from "../services.ts";
import { checkpoint } from "../store/db.ts";
import { startBackgroundCheckpoints } from "../store/checkpointer.ts";

/**
 * Scheduled work. Each job body is one call into a domain service so the logic is tested
 * without timers; a failing job is logged and retried at its next tick.
 */
export function startJobs(s: Services, opts: { backgroundCheckpoints?: boolean } = {}): () => Promise<void> {
  const run = (name: string, fn: () => unknown) => () => {
    try {
      const result = fn();
      s.logger.info({ job: name, result }, "job finished");
    } catch (err) {
      s.logger.error({ job: name, err }, "job failed");
    }
  };
  const tasks = [
    cron.schedule("*/10 * * * *", run("sessions.purge", () => s.auth.sessions.purgeExpired())),
    cron.schedule("17 3 * * *", run("audit.retention", () => s.audit.purgeExpired())),
    cron.schedule("41 3 * * *", run("store.checkpoint", () => checkpoint(s.db))),
    // Notices arm their own timer for the next start; this covers restarts and far-off starts.
    cron.schedule("* * * * *", run("notices.deliver", () => s.notices.deliverDue())),
    cron.schedule("53 3 * * *", run("notify.purge_sent", () => s.forwarding.outbox.purgeSent())),
    // Export files (X4) are kept an hour for their download.
    cron.schedule("*/5 * * * *", run("exports.purge", () => s.exportJobs.purgeExpired())),
  ];
  // Forwarding outbox: sends what a stop or crash left pending now, then new messages and due retries.
  s.forwarding.worker.start();
  // No export job survives a restart: the files the last run left behind go now.
  run("exports.purge_all", () => s.exportJobs.purgeAll())();
  run("notices.deliver", () => s.notices.deliverDue())();
  // Presence needs seconds, not minutes: visitors past the grace period become "gone".
  const sweep = setInterval(() => run("visitors.sweep", () => s.visitors.sweepGone().length)(), 5_000);
  // Idle prompts (V19) and chat keep (V20) read their state from the stored messages; every 15 s
  // is precise enough for minutes, and a restart simply resumes.
  const chatTimers = setInterval(() => {
    s.idlePrompts.sweep().catch((err) => s.logger.error({ job: "chat.idle", err }, "job failed"));
    s.chatKeep.sweep().catch((err) => s.logger.error({ job: "chat.keep", err }, "job failed"));
  }, 15_000);
  // The search index follows the messages in idle time (src/chat/search-indexer.ts), starting
  // with whatever the last run left unindexed.
  s.searchIndexer.start();
  // WAL checkpoints leave the event loop for a worker thread (src/store/checkpointer.ts).
  const checkpoints = opts.backgroundCheckpoints === false ? null : startBackgroundCheckpoints(s.db, { onError: (err) => s.logger.error({ job: "store.background_checkpoint", err }, "job failed") });
  void checkpoints?.started.then((ok) => ok && s.logger.info({ job: "store.background_checkpoint" }, "WAL checkpoints run on a background thread"));
  return async () => {
    s.searchIndexer.stop();
    tasks.forEach((t) => t.stop());
    clearInterval(chatTimers);
    clearInterval(sweep);
    s.notices.stop();
    s.forwarding.worker.stop();
    await checkpoints?.stop();
  };
}
