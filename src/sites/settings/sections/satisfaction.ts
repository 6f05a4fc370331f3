import { html, type Html } from "../../../platform/html.ts";
import { checkboxField, type FieldState } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { boolField, emptyPerLanguage, perLanguage, type SettingsSection } from "../section.ts";
import { perLanguageInputs, perLanguageValues, type PerLanguage } from "./form-parts.ts";

/**
 * Satisfaction levels (V13, M11 rating levels): which of the five stored values (5 = very
 * satisfied … 1 = very dissatisfied, as conversation_ratings keeps them) a site offers, their
 * labels per language (empty: the widget's built-in label), which ones need a comment, and
 * whether the survey is offered when a chat ends. src/outreach/service.ts enforces the levels
 * and the required comment; the widget checks the same before sending.
 */
export interface SatisfactionLevel {
  value: number;
  label: PerLanguage;
  commentRequired: boolean;
}
export interface SatisfactionConfig {
  /** Offer the survey when a chat that had an agent ends (the "rate chat" button is always there). */
  askAtEnd: boolean;
  /** 2–5 levels, best first. */
  levels: SatisfactionLevel[];
}

export const LEVEL_VALUES = [5, 4, 3, 2, 1] as const;
export const MIN_LEVELS = 2;
const MAX_LEVEL_LABEL = 20;
const BUILT_IN: Record<number, { zh: string; en: string }> = {
  5: { zh: "非常满意", en: "Very satisfied" }, 4: { zh: "满意", en: "Satisfied" }, 3: { zh: "一般", en: "Neutral" },
  2: { zh: "不满意", en: "Dissatisfied" }, 1: { zh: "非常不满意", en: "Very dissatisfied" },
};

export function satisfactionDefaults(): SatisfactionConfig {
  return { askAtEnd: false, levels: LEVEL_VALUES.map((value) => ({ value, label: emptyPerLanguage(), commentRequired: false })) };
}

export function parseSatisfaction(body: Record<string, unknown>): SatisfactionConfig {
  const levels: SatisfactionLevel[] = [];
  for (const value of LEVEL_VALUES) {
    const label = perLanguage(body, `l${value}_label`, MAX_LEVEL_LABEL, { zh: `第 ${value} 级名称`, en: `Level ${value} label` });
    const commentRequired = boolField(body, `l${value}_comment`);
    if (!boolField(body, `l${value}_on`)) {
      if (commentRequired) throw invalid("只能对提供的级别要求评语 / a comment can only be required for an offered level", `l${value}_comment`);
      continue;
    }
    levels.push({ value, label, commentRequired });
  }
  if (levels.length < MIN_LEVELS) throw invalid(`至少提供 ${MIN_LEVELS} 个级别 / offer at least ${MIN_LEVELS} levels`, "l5_on");
  return { askAtEnd: boolField(body, "ask_at_end"), levels };
}

export function satisfactionFormValues(v: SatisfactionConfig): Record<string, string> {
  const out: Record<string, string> = { ask_at_end: v.askAtEnd ? "1" : "" };
  for (const value of LEVEL_VALUES) {
    const level = v.levels.find((l) => l.value === value);
    Object.assign(out, { [`l${value}_on`]: level ? "1" : "", [`l${value}_comment`]: level?.commentRequired ? "1" : "" }, perLanguageValues(`l${value}_label`, level?.label ?? emptyPerLanguage()));
  }
  return out;
}

function satisfactionFields(s: FieldState): Html {
  const rows = LEVEL_VALUES.map((value) => html`<fieldset class="list-row level">
  <legend>${value} 分 · ${BUILT_IN[value].zh} <small>Level ${value} · ${BUILT_IN[value].en}</small></legend>
  <div class="checks">${checkboxField(s, `l${value}_on`, html`提供此级别 <small>Offer this level</small>`)}${checkboxField(s, `l${value}_comment`, html`选择此级别时必须填写评语 <small>Comment required for this level</small>`)}</div>
  ${perLanguageInputs(s, `l${value}_label`, html`名称 <small>Label</small>`, { maxlength: MAX_LEVEL_LABEL, hint: html`留空则使用内置名称 <small>Empty: the built-in label</small>` })}
</fieldset>`);
  return html`${checkboxField(s, "ask_at_end", html`对话结束时请访客评价 <small>Ask the visitor to rate the chat when it ends</small>`)}
<p class="hint">访客随时可在聊天窗口中评价；评价按对话和客服保存。提供 2–5 个级别。 <small>Visitors can rate from the chat panel at any time; ratings are stored per chat and agent. Offer 2–5 levels.</small></p>
${rows}`;
}

export const satisfactionSection: SettingsSection<SatisfactionConfig> = {
  key: "satisfaction",
  zh: "满意度评价",
  en: "Satisfaction",
  defaults: satisfactionDefaults,
  parse: parseSatisfaction,
  formValues: satisfactionFormValues,
  fields: satisfactionFields,
  widget: (v) => v,
};
