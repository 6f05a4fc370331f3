import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { ChatService, ConversationRow, MessageRow } from "./service.ts";
import type { ChatEvent } from "./model.ts";

/** A site's idle-prompt settings (the "idle" settings section stores exactly this shape). */
export interface IdleRules {
  enabled: boolean;
  /** Minutes of the visitor's silence after the agent's last message before the first reminder. */
  firstMinutes: number;
  /** Minutes after the first reminder before the second. */
  secondMinutes: number;
  /** Minutes after the second reminder before the chat ends. */
  endMinutes: number;
  /** The reminders per widget language; empty = the widget's built-in text. */
  first: Record<string, string>;
  second: Record<string, string>;
}

/** What agents read (the console shows an event's `text`); the widget uses `texts` or its own catalogue. */
const DEFAULTS = {
  1: { zh: "您还在吗？如有其他问题请随时回复。", en: "Are you still there? Reply if you need anything else." },
  2: { zh: "您已有一段时间没有回复，如仍无回复，本次对话将自动结束。", en: "We haven't heard from you for a while. This chat will end soon if there is no reply." },
} as const;

interface Talk {
  seq: number;
  sender_kind: "visitor" | "agent";
  created_at: number;
}

/**
 * Idle prompts (V19): when the visitor stays silent after the agent's last message, a first
 * reminder, later a second, and then the chat ends itself (by "system", reason "idle"). Every
 * step is a stored message, so resume and transcripts show it, and the state is read back from
 * the messages (the last agent or visitor message, the reminders after it), never held in
 * memory: a restart loses nothing and `sweep` may run as often as wanted. Each step is decided
 * again inside the write, so a visitor message that lands meanwhile cancels it.
 */
const SWEEP_SLICE = 100;

export function createIdlePrompts(deps: { db: Database; clock: Clock; events: EventBus; writer: GroupCommitWriter; chat: ChatService; rules: (siteId: number) => IdleRules }) {
  const active = deps.db.prepare("SELECT * FROM conversations WHERE status = 'active'");
  const lastTalk = deps.db.prepare("SELECT seq, sender_kind, created_at FROM messages WHERE conversation_id = ? AND sender_kind IN ('visitor', 'agent') ORDER BY seq DESC LIMIT 1");
  const promptsAfter = deps.db.prepare(
    `SELECT seq, created_at FROM messages WHERE conversation_id = ? AND seq > ? AND sender_kind = 'system' AND kind = 'event'
       AND json_valid(body) AND body ->> '$.event' = 'idle_prompt' ORDER BY seq`,
  );

  /** Where a conversation stands: silent since the agent's message at `since`, with the reminders sent after it. */
  function stateOf(conversationId: number) {
    const talk = lastTalk.get(conversationId) as Talk | null;
    if (!talk || talk.sender_kind !== "agent") return null;
    const prompts = promptsAfter.all(conversationId, talk.seq) as { seq: number; created_at: number }[];
    return { talk, prompts };
  }
  const sameState = (a: ReturnType<typeof stateOf>, b: ReturnType<typeof stateOf>) =>
    !!a && !!b && a.talk.seq === b.talk.seq && a.prompts.length === b.prompts.length;

  async function remind(c: ConversationRow, step: 1 | 2, rules: IdleRules, seen: NonNullable<ReturnType<typeof stateOf>>) {
    const custom = step === 1 ? rules.first : rules.second;
    const texts = Object.fromEntries(Object.entries(custom ?? {}).filter(([, v]) => typeof v === "string" && v.trim()));
    const text = `${step === 1 ? "第一次" : "第二次"}超时提醒：${texts["zh-CN"] || DEFAULTS[step].zh} / Idle reminder ${step}: ${texts.en || DEFAULTS[step].en}`;
    const event: ChatEvent = { event: "idle_prompt", step, texts, text };
    const now = deps.clock.now();
    const message = await deps.writer.write((): MessageRow | null => {
      const current = deps.chat.repo.byId(c.id);
      if (current?.status !== "active" || !sameState(stateOf(c.id), seen)) return null;
      // The cid names the agent message and the step, so a step is stored at most once.
      return deps.chat.repo.append(c.id, { cid: `sys-idle-${seen.talk.seq}-${step}`, sender_kind: "system", sender_id: null, sender_name: "", kind: "event", body: JSON.stringify(event), file_id: null }, now);
    });
    if (message) deps.events.publish("chat.message", { conversation: deps.chat.repo.byId(c.id)!, message });
    return !!message;
  }

  return {
    /** Takes every due step once; returns how many reminders were sent and chats ended. */
    async sweep(): Promise<{ reminded: number; ended: number }> {
      const result = { reminded: 0, ended: 0 };
      const now = deps.clock.now();
      const chats = active.all() as ConversationRow[];
      for (let i = 0; i < chats.length; i++) {
        // With many active chats the sweep yields now and then, so frames are not held up behind it.
        if (i > 0 && i % SWEEP_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
        const c = chats[i];
        const rules = deps.rules(c.site_id);
        if (!rules.enabled) continue;
        const state = stateOf(c.id);
        if (!state) continue;
        const n = state.prompts.length;
        const since = n === 0 ? state.talk.created_at : state.prompts[n - 1].created_at;
        const wait = (n === 0 ? rules.firstMinutes : n === 1 ? rules.secondMinutes : rules.endMinutes) * 60_000;
        if (now - since < wait) continue;
        if (n < 2) {
          if (await remind(c, (n + 1) as 1 | 2, rules, state)) result.reminded++;
        } else {
          const ended = await deps.chat.end(c.id, "system", { reason: "idle", unless: () => !sameState(stateOf(c.id), state) });
          if (ended.status === "ended" && ended.ended_by === "system") result.ended++;
        }
      }
      return result;
    },
  };
}
export type IdlePrompts = ReturnType<typeof createIdlePrompts>;
