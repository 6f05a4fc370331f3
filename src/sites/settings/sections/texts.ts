import { html } from "../../../platform/html.ts";
import { emptyPerLanguage, perLanguage, perLanguageValues, type PerLanguage, type SettingsSection } from "../section.ts";
import { fieldset, perLanguageFields, setTexts } from "./look-fields.ts";

/** Visitor-facing texts (V16, V18; seed 001 §7.1.2): each per language, "" = the built-in text. */
export const TEXT_KEYS = ["welcome", "ending", "busy", "waiting", "offline", "warning"] as const;
export type TextKey = (typeof TEXT_KEYS)[number];
export type TextsSettings = Record<TextKey, PerLanguage>;
export type TextsWidgetConfig = Partial<Record<TextKey, Partial<PerLanguage>>>;

export const TEXT_INFO: Record<TextKey, { max: number; zh: string; en: string; hintZh: string; hintEn: string }> = {
  welcome: { max: 500, zh: "欢迎语", en: "Welcome", hintZh: "新对话打开时显示的第一句话", hintEn: "the first line when the chat opens on a new conversation" },
  ending: { max: 500, zh: "结束语", en: "Ending", hintZh: "对话结束后显示", hintEn: "shown when the chat has ended" },
  busy: { max: 300, zh: "繁忙提示", en: "Busy", hintZh: "客服都在忙、访客在排队时显示", hintEn: "shown while all agents are busy and the visitor queues" },
  waiting: { max: 300, zh: "等待提示", en: "Waiting", hintZh: "访客发出第一条消息、等待客服接入时显示", hintEn: "shown after the first message while waiting for an agent" },
  offline: { max: 500, zh: "离线提示", en: "Offline", hintZh: "无人在线时留言表单上方的说明", hintEn: "the introduction of the leave-message form when nobody is online" },
  warning: { max: 200, zh: "警告提示", en: "Warning", hintZh: "对话窗口顶部始终显示的提醒，例如“请勿透露密码”（留空则不显示）", hintEn: "a notice always shown at the top of the chat, e.g. \"never tell anyone your password\" (empty = none)" },
};

export const textsSection: SettingsSection<TextsSettings> = {
  key: "texts",
  zh: "提示语",
  en: "Texts",
  defaults: () => Object.fromEntries(TEXT_KEYS.map((k) => [k, emptyPerLanguage()])) as TextsSettings,

  parse(body) {
    return Object.fromEntries(TEXT_KEYS.map((k) => [k, perLanguage(body, k, TEXT_INFO[k].max, { zh: TEXT_INFO[k].zh, en: TEXT_INFO[k].en }, { multiline: true })])) as TextsSettings;
  },

  formValues: (v) => Object.assign({}, ...TEXT_KEYS.map((k) => perLanguageValues(k, v[k]))),

  fields(state) {
    return html`<p class="hint">每种语言可分别设置；留空则使用内置文字。访客看到的是纯文本。 <small>Set each language separately; empty = built-in text. Visitors see plain text.</small></p>
${TEXT_KEYS.map((k) => {
  const i = TEXT_INFO[k];
  return fieldset(html`${i.zh} <small>${i.en}</small>`, html`<p class="hint">${i.hintZh} <small>${i.hintEn.charAt(0).toUpperCase() + i.hintEn.slice(1)}</small></p>`, perLanguageFields(state, k, i.max, true));
})}`;
  },

  // Only languages with a text are sent; the widget falls back to its catalogue for the rest.
  widget: (v): TextsWidgetConfig => Object.fromEntries(TEXT_KEYS.map((k) => [k, setTexts(v[k])]).filter(([, t]) => Object.keys(t).length > 0)),
};
