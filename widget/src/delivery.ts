import type { ClientFrame, ServerFrame } from "./frames.ts";
import { Outbox } from "./outbox.ts";
import type { Transport } from "./transport.ts";

/** Frames without a cid that still matter when the channel is down at the moment they are made. */
const KEEP = ["profile", "end"];
/** An unacknowledged frame this old on an open channel means the channel is half-open. */
export const ACK_WAIT_MS = 20_000;

export interface Delivery {
  /** cid frames are kept until acked or refused; profile/end wait for the channel; the rest is best effort. */
  send(f: ClientFrame): void;
  /** Feed every server frame here, after the panel's own handling of `connected` (resume first). */
  handle(f: ServerFrame): void;
  pending(cid: string): boolean;
  /** Sends the frames held back by `challenge_required` again (V22, after the proof of work). */
  release(): void;
  /** Gives up on the held frames (reported through `onFailed`). */
  failHeld(): void;
}

/**
 * The panel's delivery guarantees on top of the shared transport (protocol "Delivery
 * guarantees"): resend every unacknowledged frame with its original cid after each
 * (re)connect, resend rate-limited ones when allowed, report a frame as failed when the
 * server refuses it (its `error` reaches the panel as is) or when it has gone out on
 * MAX_TRIES connections without an ack (`onFailed`).
 */
export function createDelivery(t: Transport, onFailed: (cid: string) => void, now = () => Date.now()): Delivery {
  const outbox = new Outbox();
  const queue: ClientFrame[] = [];
  const held = new Set<string>();
  const write = (f: ClientFrame) => {
    if (t.send(f)) {
      if (f.cid) outbox.sent(f.cid, now());
    } else if (!f.cid && KEEP.includes(f.type)) queue.push(f);
  };
  setInterval(() => {
    if (t.open && outbox.oldestWait(now()) > ACK_WAIT_MS) t.reconnect();
  }, 5000);
  return {
    send(f) {
      if (f.cid) outbox.add(f);
      write(f);
    },
    pending: (cid) => !!outbox.frame(cid),
    release() {
      for (const cid of [...held]) {
        held.delete(cid);
        const frame = outbox.frame(cid);
        if (frame) write(frame);
      }
    },
    failHeld() {
      for (const cid of [...held]) if (outbox.done(cid)) onFailed(cid);
      held.clear();
    },
    handle(f) {
      if (f.type === "connected") {
        held.clear(); // everything pending goes out again below
        for (const q of queue.splice(0)) write(q);
        const { resend, failed } = outbox.reconnected();
        for (const r of resend) write(r);
        for (const cid of failed) onFailed(cid);
      } else if (f.type === "ack") outbox.done(f.cid);
      else if (f.type === "error" && f.cid) {
        const frame = outbox.frame(f.cid);
        if (f.code === "challenge_required" && frame) {
          // Not refused for good: kept until the proof of work is done (widget/src/pow.ts).
          held.add(f.cid);
          outbox.hold(f.cid);
        } else if (f.code === "rate_limited" && frame) {
          // Not a refusal of the message: send it again when the server allows.
          setTimeout(() => outbox.frame(f.cid!) && write(frame), f.retryAfterMs || 2000);
        } else outbox.done(f.cid);
      }
    },
  };
}
