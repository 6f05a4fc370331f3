import { html } from "../../../platform/html.ts";
import { checkboxField, textField as input } from "../../../platform/forms.ts";
import type { FloodLimits } from "../../../flood/service.ts";
import { boolField, intField, type SettingsSection } from "../section.ts";

export type FloodSettings = FloodLimits;

/** Bounds that keep the puzzle fair: 22 bits is about four million hashes (seconds on a slow phone). */
export const FLOOD_BOUNDS = {
  chatsPerMinute: [1, 1000],
  messagesPerMinute: [1, 5000],
  difficulty: [8, 22],
  passMinutes: [1, 120],
} as const;
const SLOW_DIFFICULTY = 20;

const bounded = (body: Record<string, unknown>, name: string, key: keyof typeof FLOOD_BOUNDS, zh: string, en: string) => {
  const [min, max] = FLOOD_BOUNDS[key];
  return intField(body, name, min, max, `${zh}须为 ${min}–${max} / ${en} must be ${min}–${max}`);
};

/**
 * Anti-flood (V22, src/flood/service.ts): thresholds per source (client IP) and minute, the
 * proof-of-work difficulty, and how long a solution lets the source go on. Server-only. On by
 * default with thresholds far above one person's pace, so that many visitors behind one
 * address (an office, a carrier's NAT) are rarely asked, while a script is.
 */
export const floodSection: SettingsSection<FloodSettings> = {
  key: "flood",
  zh: "防刷屏",
  en: "Anti-flood",
  defaults: () => ({ enabled: true, chatsPerMinute: 60, messagesPerMinute: 600, difficulty: 16, passMinutes: 10 }),
  parse: (body) => ({
    enabled: boolField(body, "enabled"),
    chatsPerMinute: bounded(body, "chats_per_minute", "chatsPerMinute", "每分钟对话请求数", "Chat requests per minute"),
    messagesPerMinute: bounded(body, "messages_per_minute", "messagesPerMinute", "每分钟消息数", "Messages per minute"),
    difficulty: bounded(body, "difficulty", "difficulty", "验证难度", "Difficulty"),
    passMinutes: bounded(body, "pass_minutes", "passMinutes", "验证有效时间", "Pass minutes"),
  }),
  formValues: (v) => ({
    enabled: v.enabled ? "1" : "",
    chats_per_minute: String(v.chatsPerMinute),
    messages_per_minute: String(v.messagesPerMinute),
    difficulty: String(v.difficulty),
    pass_minutes: String(v.passMinutes),
  }),
  fields: (s) => html`
<p class="hint">同一来源（访客 IP）每分钟的对话请求或消息超过阈值后，访客端须先完成一次计算验证（工作量证明，不依赖外部服务）才能继续；其他来源不受影响。 <small>When one source (client IP) passes a threshold per minute, its widget must solve a proof-of-work puzzle (no external service) before it can go on; other sources are not affected.</small></p>
${checkboxField(s, "enabled", html`启用防刷屏验证 <small>Turn anti-flood on</small>`)}
${input(s, "chats_per_minute", html`每个来源每分钟对话请求数 <small>Chat requests per source per minute</small>`, { type: "number", min: FLOOD_BOUNDS.chatsPerMinute[0], max: FLOOD_BOUNDS.chatsPerMinute[1], required: true })}
${input(s, "messages_per_minute", html`每个来源每分钟消息数 <small>Messages per source per minute</small>`, { type: "number", min: FLOOD_BOUNDS.messagesPerMinute[0], max: FLOOD_BOUNDS.messagesPerMinute[1], required: true })}
${input(s, "difficulty", html`验证难度（位） <small>Difficulty (bits)</small>`, { type: "number", min: FLOOD_BOUNDS.difficulty[0], max: FLOOD_BOUNDS.difficulty[1], required: true, hint: html`每增加 1 位，访客的计算量翻倍；16 位通常不到一秒。 <small>Each bit doubles the visitor's work; 16 bits usually takes under a second.</small>` })}
${input(s, "pass_minutes", html`验证通过后的有效时间（分钟） <small>Minutes a solution lets the source go on</small>`, { type: "number", min: FLOOD_BOUNDS.passMinutes[0], max: FLOOD_BOUNDS.passMinutes[1], required: true })}`,
  warnings: (v) =>
    v.difficulty >= SLOW_DIFFICULTY
      ? [{ field: "difficulty", message: `难度 ${v.difficulty} 位时，较慢的手机可能需要数秒甚至更久 / at ${v.difficulty} bits slow phones may take several seconds or more` }]
      : [],
};
