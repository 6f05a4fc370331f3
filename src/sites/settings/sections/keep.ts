import { html } from "../../../platform/html.ts";
import { textField as input } from "../../../platform/forms.ts";
import { intField, type SettingsSection } from "../section.ts";

/** null: the server's default (`chat.keep_minutes` in yingke.toml). */
export interface KeepSettings {
  minutes: number | null;
}

export const KEEP_MAX = 1440;

/**
 * Chat keep (V20, src/chat/keep.ts): how long after the visitor's last page closed a reload or
 * another page still continues the conversation. 0 = never: every new page starts afresh.
 * The widget gets the minutes to know whether to reopen the panel on the next page.
 */
export const keepSection: SettingsSection<KeepSettings> = {
  key: "keep",
  zh: "对话保持",
  en: "Chat keep",
  defaults: () => ({ minutes: null }),
  parse: (body) => {
    const raw = typeof body.minutes === "string" ? body.minutes.trim() : body.minutes;
    if (raw === "" || raw == null) return { minutes: null };
    return { minutes: intField(body, "minutes", 0, KEEP_MAX, `对话保持时间须为 0–${KEEP_MAX} 分钟 / chat keep must be 0–${KEEP_MAX} minutes`) };
  },
  formValues: (v) => ({ minutes: v.minutes === null ? "" : String(v.minutes) }),
  fields: (s, ctx) => html`
<p class="hint">访客关闭页面后，在设定时间内刷新或打开网站其他页面，仍继续原来的对话；超过时间则由系统结束对话，下次咨询新建对话。 <small>After the visitor's last page closes, a reload or another page within this time continues the same conversation; later the system ends it and the next chat is a new one.</small></p>
${input(s, "minutes", html`对话保持时间（分钟） <small>Keep minutes</small>`, {
  type: "number", min: 0, max: KEEP_MAX,
  hint: html`0 = 不保持，每次打开新页面都新建对话；留空 = 服务器默认（${ctx.services.config.chat.keep_minutes} 分钟）。 <small>0 = never continue: each new page starts afresh. Empty = the server default (${ctx.services.config.chat.keep_minutes} minutes).</small>`,
})}`,
  widget: (v) => ({ minutes: v.minutes }),
};
