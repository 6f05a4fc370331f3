import { html, type Html } from "../../../platform/html.ts";
import { checkboxField, textField as input, type FieldState } from "../../../platform/forms.ts";
import type { IdleRules } from "../../../chat/idle-prompts.ts";
import { boolField, emptyPerLanguage, intField, perLanguage, perLanguageValues, type SettingsSection } from "../section.ts";
import { fieldset, perLanguageFields } from "./look-fields.ts";

export type IdleSettings = IdleRules;

const MINUTES = { min: 1, max: 120 };
const TEXT_MAX = 200;

const minutes = (body: Record<string, unknown>, name: string, zh: string, en: string) =>
  intField(body, name, MINUTES.min, MINUTES.max, `${zh}须为 ${MINUTES.min}–${MINUTES.max} 分钟 / ${en} must be ${MINUTES.min}–${MINUTES.max} minutes`);

/**
 * Idle prompts (V19): the visitor stays silent after the agent's last message → a reminder,
 * a second one, then the chat ends itself (src/chat/idle-prompts.ts). Server-only: the texts
 * travel in the stored reminder messages, not in the widget's config.
 */
export const idleSection: SettingsSection<IdleSettings> = {
  key: "idle",
  zh: "超时提醒",
  en: "Idle prompts",
  defaults: () => ({ enabled: false, firstMinutes: 5, secondMinutes: 3, endMinutes: 2, first: emptyPerLanguage(), second: emptyPerLanguage() }),
  parse: (body) => ({
    enabled: boolField(body, "enabled"),
    firstMinutes: minutes(body, "first_minutes", "第一次提醒时间", "The first reminder"),
    secondMinutes: minutes(body, "second_minutes", "第二次提醒时间", "The second reminder"),
    endMinutes: minutes(body, "end_minutes", "自动结束时间", "The automatic end"),
    first: perLanguage(body, "first_text", TEXT_MAX, { zh: "第一次提醒语", en: "The first reminder" }),
    second: perLanguage(body, "second_text", TEXT_MAX, { zh: "第二次提醒语", en: "The second reminder" }),
  }),
  formValues: (v) => ({
    enabled: v.enabled ? "1" : "",
    first_minutes: String(v.firstMinutes),
    second_minutes: String(v.secondMinutes),
    end_minutes: String(v.endMinutes),
    ...perLanguageValues("first_text", v.first as never),
    ...perLanguageValues("second_text", v.second as never),
  }),
  fields: (s) => html`
<p class="hint">客服发出消息后，访客在设定时间内未回复，系统先后发送两次提醒，之后自动结束对话（双方都能看到提醒和结束原因）。 <small>When the visitor stays silent after the agent's last message, two reminders follow and then the chat ends itself; both sides see the reminders and why it ended.</small></p>
${checkboxField(s, "enabled", html`启用超时提醒 <small>Turn idle prompts on</small>`)}
<fieldset><legend>时间（分钟） <small>Times (minutes)</small></legend>
${input(s, "first_minutes", html`客服最后一条消息后多久发送第一次提醒 <small>First reminder, after the agent's last message</small>`, { type: "number", min: MINUTES.min, max: MINUTES.max, required: true })}
${input(s, "second_minutes", html`第一次提醒后多久发送第二次提醒 <small>Second reminder, after the first</small>`, { type: "number", min: MINUTES.min, max: MINUTES.max, required: true })}
${input(s, "end_minutes", html`第二次提醒后多久自动结束对话 <small>End of the chat, after the second reminder</small>`, { type: "number", min: MINUTES.min, max: MINUTES.max, required: true })}
</fieldset>
${texts(s, "first_text", html`第一次提醒语 <small>First reminder</small>`)}
${texts(s, "second_text", html`第二次提醒语 <small>Second reminder</small>`)}`,
};

const texts = (s: FieldState, prefix: string, legend: Html): Html =>
  fieldset(legend, html`<p class="hint">留空则使用内置文字。 <small>Leave empty for the built-in text.</small></p>`, perLanguageFields(s, prefix, TEXT_MAX, false));
