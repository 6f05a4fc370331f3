import { html, type Html } from "./html.ts";

/**
 * Form controls shared by the admin pages. A field with an error gets aria-invalid, an
 * aria-describedby link to its message, and keeps the value the user entered.
 */
export interface FieldState {
  values: Record<string, string>;
  errors: Record<string, string>;
  /** Saved anyway, shown beside the field (settings sections' `warnings`). */
  warnings?: Record<string, string>;
}

export const emptyState = (values: Record<string, string> = {}): FieldState => ({ values, errors: {} });

const errorId = (name: string) => `err-${name}`;

function invalidAttrs(s: FieldState, name: string): Html {
  return s.errors[name] ? html` aria-invalid="true" aria-describedby="${errorId(name)}"` : html``;
}

export function fieldError(s: FieldState, name: string): Html {
  const message = s.errors[name];
  if (message) return html`<span class="field-error" id="${errorId(name)}" role="alert">${message}</span>`;
  return fieldWarning(s.warnings, name);
}

export interface InputOptions {
  type?: string;
  required?: boolean;
  maxlength?: number;
  min?: number;
  max?: number;
  autocomplete?: string;
  hint?: Html | string;
}

export function textField(s: FieldState, name: string, label: Html, o: InputOptions = {}): Html {
  return html`<label>${label}
  <input name="${name}" type="${o.type ?? "text"}" value="${s.values[name] ?? ""}"${o.required ? html` required` : ""}${o.maxlength ? html` maxlength="${o.maxlength}"` : ""}${o.min !== undefined ? html` min="${o.min}"` : ""}${o.max !== undefined ? html` max="${o.max}"` : ""}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${invalidAttrs(s, name)}>
  ${o.hint ? html`<span class="hint">${o.hint}</span>` : ""}${fieldError(s, name)}</label>`;
}

export function textArea(s: FieldState, name: string, label: Html, o: { rows?: number; hint?: Html | string; maxlength?: number } = {}): Html {
  return html`<label>${label}
  <textarea name="${name}" rows="${o.rows ?? 4}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ""}${invalidAttrs(s, name)}>${s.values[name] ?? ""}</textarea>
  ${o.hint ? html`<span class="hint">${o.hint}</span>` : ""}${fieldError(s, name)}</label>`;
}

export function selectField(s: FieldState, name: string, label: Html, options: { value: string; label: string | Html }[]): Html {
  const current = s.values[name] ?? "";
  return html`<label>${label}
  <select name="${name}"${invalidAttrs(s, name)}>${options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ""}>${o.label}</option>`)}</select>
  ${fieldError(s, name)}</label>`;
}

export function checkboxField(s: FieldState, name: string, label: Html): Html {
  const on = s.values[name] === "1";
  return html`<label class="check"><input type="checkbox" name="${name}" value="1"${on ? html` checked` : ""}${invalidAttrs(s, name)}> ${label}${fieldError(s, name)}</label>`;
}

/** A summary at the top of a form that failed validation. */
export function errorSummary(s: FieldState): Html {
  const n = Object.keys(s.errors).length;
  return n ? html`<p class="alert" role="alert">请更正标出的字段 <small>Please correct the marked fields</small></p>` : html``;
}

/** Non-blocking warnings (saved anyway), e.g. a colour pair below WCAG AA contrast. */
export function fieldWarning(warnings: Record<string, string> | undefined, name: string): Html {
  const message = warnings?.[name];
  return message ? html`<span class="field-warning" role="status">${message}</span>` : html``;
}
