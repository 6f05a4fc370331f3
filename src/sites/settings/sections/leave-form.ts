import { html, type Html } from "../../../platform/html.ts";
import { checkboxField, type FieldState } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { boolField, emptyPerLanguage, perLanguage, type SettingsSection } from "../section.ts";
import { flagInputs, flagValues, parseFlags, perLanguageInputs, perLanguageValues, type Flags, type PerLanguage } from "./form-parts.ts";

/**
 * The leave-message form's fields (M11, seed 001 §7.2 信息定制): which contact fields show and
 * which are required, whether at least one of phone and email is required, and the intro text
 * per language. The message itself is always shown and required. src/leave/service.ts checks
 * what the widget (widget/src/leave-form.ts) checked.
 */
export const LEAVE_FIELDS = ["name", "phone", "email", "company"] as const;
export type LeaveField = (typeof LEAVE_FIELDS)[number];

export interface LeaveFormConfig {
  fields: Record<LeaveField, Flags>;
  /** At least one of phone and email (those shown). */
  contactRequired: boolean;
  intro: PerLanguage;
}

const LABEL: Record<LeaveField, { zh: string; en: string }> = {
  name: { zh: "姓名", en: "Name" }, phone: { zh: "电话", en: "Phone" }, email: { zh: "邮箱", en: "Email" }, company: { zh: "公司", en: "Company" },
};
const MAX_INTRO = 500;

/** Today's form: name, phone and email, one contact required. */
export function leaveFormDefaults(): LeaveFormConfig {
  const opt = { shown: true, required: false };
  return { fields: { name: { ...opt }, phone: { ...opt }, email: { ...opt }, company: { shown: false, required: false } }, contactRequired: true, intro: emptyPerLanguage() };
}

export function parseLeaveForm(body: Record<string, unknown>): LeaveFormConfig {
  const fields = Object.fromEntries(LEAVE_FIELDS.map((f) => [f, parseFlags(body, f, LABEL[f])])) as Record<LeaveField, Flags>;
  const contactRequired = boolField(body, "contact_required");
  if (contactRequired && !fields.phone.shown && !fields.email.shown) throw invalid("要求联系方式时须显示电话或邮箱 / show phone or email to require a contact", "contact_required");
  return { fields, contactRequired, intro: perLanguage(body, "intro", MAX_INTRO, { zh: "留言说明", en: "Introduction" }, { multiline: true }) };
}

export function leaveFormValues(v: LeaveFormConfig): Record<string, string> {
  const out: Record<string, string> = { contact_required: v.contactRequired ? "1" : "", ...perLanguageValues("intro", v.intro) };
  for (const f of LEAVE_FIELDS) Object.assign(out, flagValues(f, v.fields[f]));
  return out;
}

function leaveFields(s: FieldState): Html {
  const rows = LEAVE_FIELDS.map((f) => html`<tr><th scope="row">${LABEL[f].zh} <small>${LABEL[f].en}</small></th><td class="checks">${flagInputs(s, f)}</td></tr>`);
  return html`${perLanguageInputs(s, "intro", html`留言说明 <small>Introduction</small>`, { maxlength: MAX_INTRO, multiline: true, hint: html`留空则使用内置文字 <small>Empty: the built-in text</small>` })}
<table class="data leave-fields"><thead><tr><th>字段 <small>Field</small></th><th>显示 / 必填 <small>Shown / required</small></th></tr></thead>
<tbody>${rows}<tr><th scope="row">留言内容 <small>Message</small></th><td>总是显示且必填 <small>Always shown and required</small></td></tr></tbody></table>
${checkboxField(s, "contact_required", html`电话和邮箱至少填写一项 <small>Require at least one of phone and email</small>`)}`;
}

export const leaveFormSection: SettingsSection<LeaveFormConfig> = {
  key: "leave_form",
  zh: "留言表单",
  en: "Leave-message form",
  defaults: leaveFormDefaults,
  parse: parseLeaveForm,
  formValues: leaveFormValues,
  fields: leaveFields,
  widget: (v) => v,
};
