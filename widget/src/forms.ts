import { h } from "./dom.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import type { Errors, FieldError } from "./validate.ts";

let seq = 0;

export interface Field {
  name: string;
  wrap: HTMLDivElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  error: HTMLDivElement;
}

/** A labelled input with its own error line, tied together for assistive technology. */
export function field(name: string, label: string, o: { type?: string; autocomplete?: string; multiline?: boolean; required?: boolean; max?: number } = {}): Field {
  const id = `yk-f${++seq}`;
  const input = o.multiline ? h("textarea", { id, name, rows: 4, class: "in", maxlength: o.max }) : h("input", { id, name, type: o.type || "text", class: "in", autocomplete: o.autocomplete, maxlength: o.max ?? 200 });
  const error = h("div", { id: `${id}e`, class: "fe" });
  input.setAttribute("aria-describedby", error.id);
  if (o.required) input.setAttribute("aria-required", "true");
  const wrap = h("div", { class: "fd" }, h("label", { for: id }, label), input, error);
  return { name, wrap, input, error };
}

/** Shows errors (catalogue keys or ready text) beside their fields; returns the first invalid field. */
export function showErrors(fields: Field[], errors: Errors | Record<string, string>, t: PanelStrings, vars: Record<string, string | number> = {}) {
  let first: Field | null = null;
  for (const f of fields) {
    const key = (errors as Record<string, string | undefined>)[f.name];
    const text = key ? (key in t ? t[key as FieldError] : key) : "";
    f.error.textContent = text.replace(/\{(\w+)\}/g, (m, k: string) => String(vars[k] ?? m));
    f.input.setAttribute("aria-invalid", String(!!key));
    if (key && !first) first = f;
  }
  return first as Field | null;
}

export const values = (fields: Field[]) => Object.fromEntries(fields.map((f) => [f.name, f.input.value])) as Record<string, string>;
