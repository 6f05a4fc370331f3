import { html, type Html } from "../../platform/html.ts";
import type { FieldState } from "../../admin/forms.ts";
import { WIDGET_LANGUAGES } from "../model.ts";
import { LANGUAGE_NAMES, langField } from "./visitor-text.ts";

/**
 * Form controls for the entry, branding and texts sections, with the markup of
 * src/admin/forms.ts (aria-invalid, the error beside its field, values kept). Sections are
 * domain code and may not import the admin layer's functions, so these few are drawn here.
 */
const errorId = (name: string) => `err-${name}`;
const invalidAttrs = (s: FieldState, name: string) => (s.errors[name] ? html` aria-invalid="true" aria-describedby="${errorId(name)}"` : html``);
export const errorOf = (s: FieldState, name: string) => (s.errors[name] ? html`<span class="field-error" id="${errorId(name)}" role="alert">${s.errors[name]}</span>` : html``);

export const fieldset = (legend: Html, ...children: Html[]) => html`<fieldset><legend>${legend}</legend>${children}</fieldset>`;

export function choiceField(s: FieldState, name: string, label: Html, options: { value: string; label: string }[]): Html {
  const current = s.values[name] ?? "";
  return html`<label>${label}
  <select name="${name}"${invalidAttrs(s, name)}>${options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ""}>${o.label}</option>`)}</select>${errorOf(s, name)}</label>`;
}

export function numberField(s: FieldState, name: string, label: Html, min: number, max: number): Html {
  return html`<label>${label}
  <input name="${name}" type="number" inputmode="numeric" min="${min}" max="${max}" step="1" value="${s.values[name] ?? ""}"${invalidAttrs(s, name)}>${errorOf(s, name)}</label>`;
}

export function textInput(s: FieldState, name: string, label: Html, max: number, hint?: Html): Html {
  return html`<label>${label}
  <input name="${name}" type="text" maxlength="${max}" value="${s.values[name] ?? ""}"${invalidAttrs(s, name)}>${hint ? html`<span class="hint">${hint}</span>` : ""}${errorOf(s, name)}</label>`;
}

export function textBox(s: FieldState, name: string, label: Html, max: number): Html {
  return html`<label>${label}
  <textarea name="${name}" rows="2" maxlength="${max}"${invalidAttrs(s, name)}>${s.values[name] ?? ""}</textarea>${errorOf(s, name)}</label>`;
}

/** A colour picker; a warning (contrast) sits under it like an error but does not block saving. */
export function colorField(s: FieldState, name: string, label: Html, warning?: string): Html {
  return html`<label class="color-field">${label}
  <input name="${name}" type="color" value="${s.values[name] ?? "#000000"}"${invalidAttrs(s, name)}>${errorOf(s, name)}${warning ? html`<span class="field-warning" role="status">${warning}</span>` : ""}</label>`;
}

/** One input (or text box) per widget language, `${prefix}_${lang}`, each with its own error. */
export function perLanguageFields(s: FieldState, prefix: string, max: number, multiline: boolean): Html {
  return html`${WIDGET_LANGUAGES.map((lang) => {
    const name = langField(prefix, lang);
    const label = html`${LANGUAGE_NAMES[lang]} <small>${lang}</small>`;
    return multiline ? textBox(s, name, label, max) : textInput(s, name, label, max);
  })}`;
}
