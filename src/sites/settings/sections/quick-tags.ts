import { html, type Html } from "../../../platform/html.ts";
import type { FieldState } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { perLanguage, type SettingsSection } from "../section.ts";
import { isEmptyTexts, langField, perLanguageInputs, perLanguageValues, rowIndexes, type PerLanguage } from "./form-parts.ts";

/**
 * Quick tags (V21, seed 001 §7.1.7 自定义标签): buttons above the widget's composer; a click
 * sends the tag's question as the visitor's own message, through the normal send path. The
 * question falls back to the label when empty; both fall back to another language when the
 * visitor's is empty.
 */
export interface QuickTag {
  label: PerLanguage;
  question: PerLanguage;
}
export interface QuickTagsConfig {
  tags: QuickTag[];
}

export const MAX_QUICK_TAGS = 10;
const MAX_TAG_LABEL = 20;
const MAX_QUESTION = 500;
const BLANK_ROWS = 2;

export function parseQuickTags(body: Record<string, unknown>): QuickTagsConfig {
  const rows = rowIndexes(body, "tag", MAX_QUICK_TAGS)
    .map((i) => ({
      i,
      label: perLanguage(body, `tag_${i}_label`, MAX_TAG_LABEL, { zh: "按钮文字", en: "Button label" }),
      question: perLanguage(body, `tag_${i}_question`, MAX_QUESTION, { zh: "发送的问题", en: "Question" }, { multiline: true }),
    }))
    .filter((r) => !isEmptyTexts(r.label) || !isEmptyTexts(r.question));
  if (rows.length > MAX_QUICK_TAGS) throw invalid(`快捷标签最多 ${MAX_QUICK_TAGS} 个 / at most ${MAX_QUICK_TAGS} quick tags`, langField(`tag_${rows[MAX_QUICK_TAGS].i}_label`, "zh-CN"));
  for (const r of rows) if (isEmptyTexts(r.label)) throw invalid("请填写按钮文字（至少一种语言） / give the button a label in at least one language", langField(`tag_${r.i}_label`, "zh-CN"));
  return { tags: rows.map((r) => ({ label: r.label, question: r.question })) };
}

export function quickTagsFormValues(v: QuickTagsConfig): Record<string, string> {
  const out: Record<string, string> = {};
  v.tags.forEach((t, i) => Object.assign(out, perLanguageValues(`tag_${i}_label`, t.label), perLanguageValues(`tag_${i}_question`, t.question)));
  return out;
}

function quickTagFields(s: FieldState): Html {
  let last = -1;
  for (const k of Object.keys(s.values)) {
    const m = /^tag_(\d{1,3})_/.exec(k);
    if (m && s.values[k]) last = Math.max(last, Number(m[1]));
  }
  const count = Math.min(MAX_QUICK_TAGS, last + 1 + BLANK_ROWS);
  const rows = Array.from({ length: count }, (_, i) => html`<fieldset class="list-row quick-tag">
  <legend>标签 ${i + 1} <small>Tag ${i + 1}</small></legend>
  ${perLanguageInputs(s, `tag_${i}_label`, html`按钮文字 <small>Button label</small>`, { maxlength: MAX_TAG_LABEL })}
  ${perLanguageInputs(s, `tag_${i}_question`, html`点击后发送的问题 <small>Question sent on click</small>`, { maxlength: MAX_QUESTION, multiline: true, hint: html`留空则发送按钮文字 <small>Empty: the label is sent</small>` })}
</fieldset>`);
  return html`<p class="hint">访客点击标签即以自己的身份发送对应问题，最多 ${MAX_QUICK_TAGS} 个；清空一行即删除。 <small>A click sends the question as the visitor's message; up to ${MAX_QUICK_TAGS} tags; clear a row to remove it.</small></p>
${rows}`;
}

export const quickTagsSection: SettingsSection<QuickTagsConfig> = {
  key: "quick_tags",
  zh: "快捷标签",
  en: "Quick tags",
  defaults: () => ({ tags: [] }),
  parse: parseQuickTags,
  formValues: quickTagsFormValues,
  fields: quickTagFields,
  widget: (v) => v,
};
