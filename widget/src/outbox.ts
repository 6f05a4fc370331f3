import type { ClientFrame } from "./frames.ts";

/** How many connections an unacknowledged frame is sent on before it is reported as failed. */
export const MAX_TRIES = 4;

interface Entry {
  frame: ClientFrame;
  tries: number;
  sentAt: number;
}

/**
 * Frames with a `cid` that the server has not acknowledged yet, in the order they were made.
 * Resending is safe because the server treats a repeated `cid` as the same message.
 */
export class Outbox {
  private items = new Map<string, Entry>();

  add(frame: ClientFrame) {
    if (frame.cid) this.items.set(frame.cid, { frame, tries: 0, sentAt: 0 });
  }
  /** The pending frame with this cid, if any. */
  frame(cid: string) {
    return this.items.get(cid)?.frame;
  }
  /** Acknowledged or refused: forget it. */
  done(cid: string) {
    return this.items.delete(cid);
  }
  /** The frame went out on the current connection. */
  sent(cid: string, now: number) {
    const e = this.items.get(cid);
    if (e) {
      e.tries++;
      e.sentAt = now;
    }
  }
  /** Refused for now (a challenge to solve): this try does not count, and no ack is awaited. */
  hold(cid: string) {
    const e = this.items.get(cid);
    if (e) {
      e.tries = Math.max(0, e.tries - 1);
      e.sentAt = 0;
    }
  }
  /**
   * A new connection is up: everything still pending is resent in order, except frames that
   * already went out on MAX_TRIES connections, which are given up on (and reported as failed;
   * the visitor can retry them with the same cid).
   */
  reconnected(): { resend: ClientFrame[]; failed: string[] } {
    const resend: ClientFrame[] = [];
    const failed: string[] = [];
    for (const [cid, e] of this.items) {
      if (e.tries >= MAX_TRIES) {
        failed.push(cid);
        this.items.delete(cid);
      } else resend.push(e.frame);
    }
    return { resend, failed };
  }
  /** The oldest send still waiting for its ack, to spot a half-open connection. */
  oldestWait(now: number): number {
    let max = 0;
    for (const e of this.items.values()) if (e.sentAt) max = Math.max(max, now - e.sentAt);
    return max;
  }
}
