import { html, type Html } from "../../../platform/html.ts";
import { checkboxField, fieldError, selectField, type FieldState } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { boolField, emptyPerLanguage, enumField, perLanguage, type SectionContext, type SettingsSection } from "../section.ts";
import { assignIds, flagInputs, flagValues, isEmptyTexts, langField, parseFlags, perLanguageInputs, perLanguageValues, rowIndexes, type Flags, type PerLanguage } from "./form-parts.ts";

/**
 * The pre-chat form (V7, seed 001 §7.3 访客信息配置): what a visitor fills in before the first
 * message. Name, phone, email and company go into the visitor's profile; the question type
 * routes the chat to the group bound to the chosen option; custom fields are kept with the
 * chat (src/prechat). Labels are per widget language; an empty one falls back to another.
 */
export const PRECHAT_STANDARD = ["name", "phone", "email", "company"] as const;
export type PrechatStandard = (typeof PRECHAT_STANDARD)[number];
export const CUSTOM_TYPES = ["text", "textarea", "select"] as const;
export type CustomType = (typeof CUSTOM_TYPES)[number];

export interface PrechatOption {
  id: string;
  label: PerLanguage;
  /** The group the chat is routed to; null = the site's usual route. */
  groupId: number | null;
}
export interface PrechatCustomField extends Flags {
  id: string;
  label: PerLanguage;
  type: CustomType;
  /** Choices of a select, shown as written (one per line in the form). */
  options: string[];
}
export interface PrechatConfig {
  enabled: boolean;
  intro: PerLanguage;
  fields: Record<PrechatStandard, Flags>;
  questionType: Flags & { options: PrechatOption[] };
  custom: PrechatCustomField[];
}

export const MAX_QUESTION_TYPES = 20;
export const MAX_CUSTOM_FIELDS = 10;
export const MAX_SELECT_OPTIONS = 30;
const MAX_LABEL = 40;
const MAX_CHOICE = 100;
const MAX_INTRO = 500;
const BLANK_OPTION_ROWS = 2;
const BLANK_CUSTOM_ROWS = 1;

const STANDARD_LABEL: Record<PrechatStandard | "qt", { zh: string; en: string }> = {
  name: { zh: "姓名", en: "Name" }, phone: { zh: "电话", en: "Phone" }, email: { zh: "邮箱", en: "Email" }, company: { zh: "公司", en: "Company" },
  qt: { zh: "问题类型", en: "Question type" },
};

export function prechatDefaults(): PrechatConfig {
  const off = { shown: false, required: false };
  return {
    enabled: false,
    intro: emptyPerLanguage(),
    fields: { name: { shown: true, required: false }, phone: { shown: true, required: false }, email: { shown: true, required: false }, company: { ...off } },
    questionType: { ...off, options: [] },
    custom: [],
  };
}

/** The groups a question type may route to: those the site's entry may use (its department's). */
function allowedGroups(ctx: SectionContext): { id: number; name: string }[] {
  const site = ctx.services.sites.get(ctx.siteId);
  return site ? ctx.services.sites.entry.offeredGroups(site) : ctx.services.groups.list();
}

export function parsePrechat(body: Record<string, unknown>, ctx: SectionContext): PrechatConfig {
  const enabled = boolField(body, "enabled");
  const intro = perLanguage(body, "intro", MAX_INTRO, { zh: "表单说明", en: "Introduction" }, { multiline: true });
  const fields = Object.fromEntries(PRECHAT_STANDARD.map((f) => [f, parseFlags(body, f, STANDARD_LABEL[f])])) as Record<PrechatStandard, Flags>;
  const qtFlags = parseFlags(body, "qt", STANDARD_LABEL.qt);

  const groups = new Set(allowedGroups(ctx).map((g) => g.id));
  const optionRows = rowIndexes(body, "qt", MAX_QUESTION_TYPES).filter((i) => !isEmptyTexts(perLanguage(body, `qt_${i}_label`, MAX_LABEL, { zh: "选项", en: "Option" })) || String(body[`qt_${i}_group`] ?? "") !== "");
  if (optionRows.length > MAX_QUESTION_TYPES) throw invalid(`问题类型最多 ${MAX_QUESTION_TYPES} 个 / at most ${MAX_QUESTION_TYPES} question types`, `qt_${optionRows[MAX_QUESTION_TYPES]}_label_zhCN`);
  const optionIds = assignIds(optionRows.map((i) => body[`qt_${i}_id`]), "o");
  const options = optionRows.map((i, n): PrechatOption => {
    const label = perLanguage(body, `qt_${i}_label`, MAX_LABEL, { zh: "选项名称", en: "Option label" });
    if (isEmptyTexts(label)) throw invalid("请填写选项名称（至少一种语言） / give the option a label in at least one language", langField(`qt_${i}_label`, "zh-CN"));
    const raw = String(body[`qt_${i}_group`] ?? "").trim();
    const groupId = raw === "" ? null : Number(raw);
    if (groupId !== null && !(Number.isInteger(groupId) && groups.has(groupId))) throw invalid("所选分组不存在或不属于本网站的部门 / choose a group that serves this site", `qt_${i}_group`);
    return { id: optionIds[n], label, groupId };
  });
  if (qtFlags.shown && options.length === 0) throw invalid("显示问题类型时至少需要一个选项 / add at least one option to show the question type", "qt_shown");

  const customRows = rowIndexes(body, "cf", MAX_CUSTOM_FIELDS).filter((i) => !isEmptyTexts(perLanguage(body, `cf_${i}_label`, MAX_LABEL, { zh: "字段名称", en: "Field label" })));
  if (customRows.length > MAX_CUSTOM_FIELDS) throw invalid(`自定义字段最多 ${MAX_CUSTOM_FIELDS} 个 / at most ${MAX_CUSTOM_FIELDS} custom fields`, langField(`cf_${customRows[MAX_CUSTOM_FIELDS]}_label`, "zh-CN"));
  const customIds = assignIds(customRows.map((i) => body[`cf_${i}_id`]), "c");
  const custom = customRows.map((i, n): PrechatCustomField => {
    const label = perLanguage(body, `cf_${i}_label`, MAX_LABEL, { zh: "字段名称", en: "Field label" });
    const type = enumField(body, `cf_${i}_type`, CUSTOM_TYPES, "请选择字段类型 / choose a field type", "text");
    const flags = parseFlags(body, `cf_${i}`, { zh: "该字段", en: "This field" });
    const lines = String(body[`cf_${i}_options`] ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const choices = [...new Set(lines)];
    if (type === "select") {
      if (choices.length === 0) throw invalid("下拉字段至少需要一个选项（每行一个） / a select needs at least one choice (one per line)", `cf_${i}_options`);
      if (choices.length > MAX_SELECT_OPTIONS) throw invalid(`下拉选项最多 ${MAX_SELECT_OPTIONS} 个 / at most ${MAX_SELECT_OPTIONS} choices`, `cf_${i}_options`);
      const long = choices.find((c) => c.length > MAX_CHOICE || /[\u0000-\u001f\u007f]/.test(c));
      if (long) throw invalid(`每个选项最多 ${MAX_CHOICE} 字 / a choice has at most ${MAX_CHOICE} characters`, `cf_${i}_options`);
    }
    return { id: customIds[n], label, type, options: type === "select" ? choices : [], ...flags };
  });

  if (enabled && !PRECHAT_STANDARD.some((f) => fields[f].shown) && !qtFlags.shown && !custom.some((c) => c.shown)) {
    throw invalid("启用询前表单时至少显示一个字段 / show at least one field when the form is on", "enabled");
  }
  return { enabled, intro, fields, questionType: { ...qtFlags, options }, custom };
}

export function prechatFormValues(v: PrechatConfig): Record<string, string> {
  const out: Record<string, string> = { enabled: v.enabled ? "1" : "", ...perLanguageValues("intro", v.intro) };
  for (const f of PRECHAT_STANDARD) Object.assign(out, flagValues(f, v.fields[f]));
  Object.assign(out, flagValues("qt", v.questionType));
  v.questionType.options.forEach((o, i) => Object.assign(out, { [`qt_${i}_id`]: o.id, [`qt_${i}_group`]: o.groupId === null ? "" : String(o.groupId) }, perLanguageValues(`qt_${i}_label`, o.label)));
  v.custom.forEach((c, i) => Object.assign(out, { [`cf_${i}_id`]: c.id, [`cf_${i}_type`]: c.type, [`cf_${i}_options`]: c.options.join("\n") }, flagValues(`cf_${i}`, c), perLanguageValues(`cf_${i}_label`, c.label)));
  return out;
}

/** How many list rows the form shows: the filled ones (as posted back, on an error) plus blanks. */
function rowCount(s: FieldState, prefix: string, blanks: number, max: number) {
  let last = -1;
  for (const k of Object.keys(s.values)) {
    const m = new RegExp(`^${prefix}_(\\d{1,3})_`).exec(k);
    if (m && s.values[k]) last = Math.max(last, Number(m[1]));
  }
  return Math.min(max, last + 1 + blanks);
}

function prechatFields(s: FieldState, ctx: SectionContext): Html {
  const groups = allowedGroups(ctx);
  const groupOptions = [{ value: "", label: "按网站默认分配 Site's usual route" }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))];
  const standard = PRECHAT_STANDARD.map((f) => html`<tr><th scope="row">${STANDARD_LABEL[f].zh} <small>${STANDARD_LABEL[f].en}</small></th><td class="checks">${flagInputs(s, f)}</td></tr>`);
  const optionRows = Array.from({ length: rowCount(s, "qt", BLANK_OPTION_ROWS, MAX_QUESTION_TYPES) }, (_, i) => html`<fieldset class="list-row qt-option">
    <legend>选项 ${i + 1} <small>Option ${i + 1}</small></legend>
    <input type="hidden" name="qt_${i}_id" value="${s.values[`qt_${i}_id`] ?? ""}">
    ${perLanguageInputs(s, `qt_${i}_label`, html`名称 <small>Label</small>`, { maxlength: MAX_LABEL })}
    ${selectField(s, `qt_${i}_group`, html`转到分组 <small>Route to group</small>`, groupOptions)}
  </fieldset>`);
  const typeOptions = [{ value: "text", label: "单行文字 Text" }, { value: "textarea", label: "多行文字 Text area" }, { value: "select", label: "下拉选择 Select" }];
  const customRows = Array.from({ length: rowCount(s, "cf", BLANK_CUSTOM_ROWS, MAX_CUSTOM_FIELDS) }, (_, i) => html`<fieldset class="list-row custom-field">
    <legend>自定义字段 ${i + 1} <small>Custom field ${i + 1}</small></legend>
    <input type="hidden" name="cf_${i}_id" value="${s.values[`cf_${i}_id`] ?? ""}">
    ${perLanguageInputs(s, `cf_${i}_label`, html`名称 <small>Label</small>`, { maxlength: MAX_LABEL })}
    ${selectField(s, `cf_${i}_type`, html`类型 <small>Type</small>`, typeOptions)}
    <label>下拉选项（每行一个） <small>Choices of a select, one per line</small>
      <textarea name="cf_${i}_options" rows="3"${s.errors[`cf_${i}_options`] ? html` aria-invalid="true" aria-describedby="err-cf_${i}_options"` : ""}>${s.values[`cf_${i}_options`] ?? ""}</textarea>${fieldError(s, `cf_${i}_options`)}</label>
    <div class="checks">${flagInputs(s, `cf_${i}`)}</div>
  </fieldset>`);
  return html`${checkboxField(s, "enabled", html`开启询前表单：访客填写后才能开始对话 <small>Ask visitors to fill in this form before their first message</small>`)}
${perLanguageInputs(s, "intro", html`表单说明 <small>Introduction</small>`, { maxlength: MAX_INTRO, multiline: true, hint: html`留空则使用内置文字 <small>Empty: the built-in text</small>` })}
<table class="data prechat-fields"><thead><tr><th>字段 <small>Field</small></th><th>显示 / 必填 <small>Shown / required</small></th></tr></thead>
<tbody>${standard}<tr><th scope="row">问题类型 <small>Question type</small></th><td class="checks">${flagInputs(s, "qt")}</td></tr></tbody></table>
<h3>问题类型选项 <small>Question types</small></h3>
<p class="hint">访客选择的问题类型决定对话转到哪个分组。名称全部留空即删除该选项。 <small>The chosen question type routes the chat to its group. Clear every label to remove an option.</small></p>
${optionRows}
<h3>自定义字段 <small>Custom fields</small></h3>
<p class="hint">名称全部留空即删除该字段。 <small>Clear every label to remove a field.</small></p>
${customRows}`;
}

/** What widgets receive: labels and flags, without the groups (the server routes). Hidden custom fields are left out. */
export function prechatWidget(v: PrechatConfig) {
  return {
    enabled: v.enabled,
    intro: v.intro,
    fields: v.fields,
    questionType: { shown: v.questionType.shown, required: v.questionType.required, options: v.questionType.options.map((o) => ({ id: o.id, label: o.label })) },
    custom: v.custom.filter((c) => c.shown).map((c) => ({ id: c.id, label: c.label, type: c.type, options: c.options, required: c.required })),
  };
}

export const prechatSection: SettingsSection<PrechatConfig> = {
  key: "prechat",
  zh: "询前表单",
  en: "Pre-chat form",
  defaults: prechatDefaults,
  parse: parsePrechat,
  formValues: prechatFormValues,
  fields: prechatFields,
  widget: prechatWidget,
};

