/**
 * The transport's decisions, kept free of sockets and timers so they can be tested alone:
 * how long to wait before reconnecting, and when to give up on WebSocket.
 */

/** Capped exponential backoff with jitter (0.5–1× the step), so a server restart is not stampeded. */
export function backoff(attempt: number, random: number, base = 500, cap = 30_000): number {
  const step = Math.min(cap, base * 2 ** attempt); // 2 ** 2000 is Infinity: still capped
  return Math.round(step * (0.5 + random / 2));
}

/** A socket that dies sooner than this after `connected` counts as killed by a proxy. */
export const SHORT_LIVED_MS = 30_000;

/**
 * WebSocket → SSE fallback (V26, protocol "Transports"): switch when the socket closes before
 * `connected` twice in a row (an upgrade a proxy refuses looks exactly like that from a
 * browser), or when it keeps dying soon after connecting (three short lives in a row).
 * Once on SSE the page stays on SSE.
 */
export function fallbackPolicy(start: "ws" | "sse") {
  let early = 0;
  let short = 0;
  const p = {
    mode: start,
    /** The socket closed (or could not be created) before `connected`. */
    failedBeforeConnected() {
      if (p.mode === "ws" && ++early >= 2) p.mode = "sse";
      return p.mode;
    },
    connected() {
      early = 0;
    },
    /** The socket closed after `connected`, having lived `ms`. */
    dropped(ms: number) {
      if (ms >= SHORT_LIVED_MS) short = 0;
      else if (p.mode === "ws" && ++short >= 3) p.mode = "sse";
      return p.mode;
    },
  };
  return p;
}
