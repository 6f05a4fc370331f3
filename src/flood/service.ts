import type { Clock } from "../platform/clock.ts";
import { createChallenges, type Challenge, type Redeemed } from "./pow.ts";

/** A site's anti-flood settings (the "flood" settings section stores exactly this shape). */
export interface FloodLimits {
  enabled: boolean;
  /** Conversations a source may open per minute before it must solve a challenge. */
  chatsPerMinute: number;
  /** Messages (text, file, leave message) a source may send per minute before it must solve one. */
  messagesPerMinute: number;
  /** Leading zero bits the solution's hash needs: each bit doubles the visitor's work. */
  difficulty: number;
  /** How long a solution lets the source go on. */
  passMinutes: number;
}

export type { Challenge };

const WINDOW_MS = 60_000;
/** A challenge must be answered within this time (the widget solves in about a second). */
export const CHALLENGE_TTL_MS = 5 * 60_000;
const MAX_SOURCES = 100_000;

interface Source {
  /** Times of the latest counted frames, at most the threshold's worth (older ones do not matter). */
  chats: number[];
  messages: number[];
  /** A solved challenge: until when, and how many frames over the thresholds it still covers. */
  pass: { until: number; chats: number; messages: number } | null;
  lastAt: number;
}

/** What a frame counts as; `chat` frames open a conversation (and are messages too). */
export interface Counted {
  chat: boolean;
  message: boolean;
}

/**
 * Anti-flood (V22). Each source (a site and a client IP, as the server resolves it) has a
 * one-minute sliding window per kind. A frame that would pass a site's threshold is let
 * through only while the source holds a pass; otherwise it is refused with a proof-of-work
 * challenge. Solving one gives the source a pass for `passMinutes` covering as many frames
 * over the thresholds again (one threshold's worth of each kind); once used up or expired, the
 * next frame over a threshold needs a new solution. So a flood costs one puzzle per threshold's
 * worth of frames, while everyone else (other sources) is never asked anything.
 * Counts are in memory: a restart forgets them, which only ever favours the visitor.
 */
export function createFloodService(deps: { clock: Clock; limits: (siteId: number) => FloodLimits }) {
  const now = () => deps.clock.now();
  const challenges = createChallenges({ now, ttlMs: CHALLENGE_TTL_MS });
  const sources = new Map<string, Source>();
  let prunedAt = 0;

  const keyOf = (siteId: number, ip: string) => `${siteId}|${ip}`;

  /** Forgets sources idle for over a window and without a pass (at most every 10 s), and caps the map. */
  function prune(t: number) {
    if (t - prunedAt < 10_000 && sources.size < MAX_SOURCES) return;
    prunedAt = t;
    for (const [k, s] of sources) if (t - s.lastAt > WINDOW_MS && !(s.pass && s.pass.until > t)) sources.delete(k);
    while (sources.size >= MAX_SOURCES) sources.delete(sources.keys().next().value!);
  }

  /** Whether one more frame passes the threshold, the window first dropping what is over a minute old. */
  function full(times: number[], limit: number, t: number): boolean {
    while (times.length && t - times[0] >= WINDOW_MS) times.shift();
    return times.length >= limit;
  }
  function record(times: number[], limit: number, t: number) {
    times.push(t);
    if (times.length > limit) times.shift();
  }

  return {
    /**
     * Counts one frame of a source. Returns null when it may go on (and counts it), or the
     * challenge to solve first (nothing is counted, the frame must not be handled).
     */
    check(siteId: number, ip: string, kind: Counted): Challenge | null {
      const limits = deps.limits(siteId);
      if (!limits.enabled || (!kind.chat && !kind.message)) return null;
      const t = now();
      prune(t);
      const key = keyOf(siteId, ip);
      let s = sources.get(key);
      if (!s) sources.set(key, (s = { chats: [], messages: [], pass: null, lastAt: t }));
      s.lastAt = t;
      const overChats = kind.chat && full(s.chats, limits.chatsPerMinute, t);
      const overMessages = kind.message && full(s.messages, limits.messagesPerMinute, t);
      if (overChats || overMessages) {
        const pass = s.pass && s.pass.until > t ? s.pass : null;
        if (!pass || (overChats && pass.chats <= 0) || (overMessages && pass.messages <= 0)) {
          s.pass = null;
          return challenges.issue(key, limits.difficulty);
        }
        if (overChats) pass.chats--;
        if (overMessages) pass.messages--;
      }
      if (kind.chat) record(s.chats, limits.chatsPerMinute, t);
      if (kind.message) record(s.messages, limits.messagesPerMinute, t);
      return null;
    },

    /** An answer to a challenge; "ok" gives the source its pass. */
    solve(siteId: number, ip: string, id: unknown, nonce: unknown): Redeemed {
      const key = keyOf(siteId, ip);
      const result = challenges.redeem(id, nonce, key);
      if (result !== "ok") return result;
      const limits = deps.limits(siteId);
      const t = now();
      const s = sources.get(key) ?? { chats: [], messages: [], pass: null, lastAt: t };
      s.pass = { until: t + limits.passMinutes * 60_000, chats: limits.chatsPerMinute, messages: limits.messagesPerMinute };
      s.lastAt = t;
      sources.set(key, s);
      return "ok";
    },

    /** Whether the source holds a pass now (for tests and the admin's view). */
    hasPass(siteId: number, ip: string): boolean {
      const p = sources.get(keyOf(siteId, ip))?.pass;
      return !!p && p.until > now();
    },
  };
}
export type FloodService = ReturnType<typeof createFloodService>;
