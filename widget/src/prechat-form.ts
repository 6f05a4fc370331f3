import { h } from "./dom.ts";
import { field, showErrors, values, type Field } from "./forms.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import type { Lang } from "./lang.ts";
import { pick, type PrechatConfig, type StandardField } from "./site-config.ts";
import { validEmail, validPhone } from "./validate.ts";

const STANDARD: { name: StandardField; type: string; autocomplete: string; max: number }[] = [
  { name: "name", type: "text", autocomplete: "name", max: 64 },
  { name: "phone", type: "tel", autocomplete: "tel", max: 32 },
  { name: "email", type: "email", autocomplete: "email", max: 254 },
  { name: "company", type: "text", autocomplete: "organization", max: 100 },
];

/** Answers as the server expects them on the frame that opens the chat (docs/protocol.md). */
export interface PrechatAnswers {
  name?: string;
  phone?: string;
  email?: string;
  company?: string;
  questionType?: string;
  custom: Record<string, string>;
}

/**
 * The pre-chat form (V7): shown instead of the composer before a new chat when the site asks
 * for it. It checks what it can (required fields, phone and email formats), keeps the answers
 * and hands them to the panel as the `prechat` field of the frame that opens the chat; the
 * server checks again and a refusal (`field: "prechat.<name>"`) comes back here, next to the
 * field, with the refused message retried once the visitor corrects it.
 */
export function prechatForm(t: PanelStrings, lang: Lang, done: (retryCid: string | null) => void) {
  let config: PrechatConfig | null = null;
  let answers: PrechatAnswers | null = null;
  let retryCid: string | null = null;
  let fields: Field[] = [];
  const intro = h("p", { class: "intro" });
  const status = h("div", { class: "fe", role: "alert" });
  const list = h("div", { class: "pf" });
  const form = h("form", { class: "fm", novalidate: true }, h("h3", null, t.prechatTitle), intro, list, status, h("button", { type: "submit", class: "btn" }, t.startChat));

  const label = (text: string, required: boolean) => (required ? `${text} *` : text);

  function select(name: string, text: string, required: boolean, options: { value: string; label: string }[]): Field {
    // Built like forms.ts `field` so showErrors and values treat it the same way.
    const f = field(name, label(text, required), { required });
    const sel = h("select", { id: f.input.id, name, class: "in", "aria-describedby": f.error.id, "aria-required": required ? "true" : null }, h("option", { value: "" }, t.choose), ...options.map((o) => h("option", { value: o.value }, o.label)));
    f.input.replaceWith(sel);
    return { ...f, input: sel as unknown as HTMLInputElement };
  }

  function build() {
    const kept = fields.length ? values(fields) : {};
    fields = [];
    const c = config;
    if (!c) return list.replaceChildren();
    for (const s of STANDARD) {
      const flags = c.fields?.[s.name];
      if (flags?.shown) fields.push(field(s.name, label(t[s.name], flags.required), { type: s.type, autocomplete: s.autocomplete, max: s.max, required: flags.required }));
    }
    const qt = c.questionType;
    if (qt?.shown && qt.options?.length) fields.push(select("questionType", t.questionType, qt.required, qt.options.map((o) => ({ value: o.id, label: pick(o.label, lang) }))));
    for (const cf of c.custom ?? []) {
      const text = pick(cf.label, lang);
      const name = `custom.${cf.id}`;
      fields.push(
        cf.type === "select"
          ? select(name, text, cf.required, cf.options.map((o) => ({ value: o, label: o })))
          : field(name, label(text, cf.required), { multiline: cf.type === "textarea", required: cf.required, max: cf.type === "textarea" ? 2000 : 500 }),
      );
    }
    for (const f of fields) if (kept[f.name]) f.input.value = kept[f.name];
    intro.textContent = pick(c.intro, lang) || t.prechatIntro;
    list.replaceChildren(...fields.map((f) => f.wrap));
  }

  function check(v: Record<string, string>): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const f of fields) {
      const value = (v[f.name] || "").trim();
      if (!value && f.input.getAttribute("aria-required") === "true") errors[f.name] = "required";
      else if (value && f.name === "phone" && !validPhone(value)) errors[f.name] = "badPhone";
      else if (value && f.name === "email" && !validEmail(value)) errors[f.name] = "badEmail";
    }
    return errors;
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = values(fields);
    const first = showErrors(fields, check(v), t);
    status.textContent = "";
    if (first) return first.input.focus();
    const a: PrechatAnswers = { custom: {} };
    for (const [k, raw] of Object.entries(v)) {
      const value = raw.trim();
      if (k.startsWith("custom.")) a.custom[k.slice(7)] = value;
      else (a as unknown as Record<string, string>)[k] = value;
    }
    answers = a;
    const cid = retryCid;
    retryCid = null;
    done(cid);
  });

  return {
    el: form,
    focus: () => (fields[0]?.input ?? form.querySelector("button")!).focus(),
    /** The site's form, from `connected` / `config` frames. Typed values survive a redraw. */
    set(c: PrechatConfig | undefined | null) {
      config = c && c.enabled ? c : null;
      build();
    },
    /** Whether a new chat must show the form first. */
    needed: () => config !== null && answers === null,
    /** The field for the frame that opens the chat; empty when the site asks nothing. */
    route: (): { prechat?: PrechatAnswers } => (config && answers ? { prechat: answers } : {}),
    /** A new chat: ask again (the previous answers stay filled in). */
    reset() {
      answers = null;
    },
    /**
     * The server refused the answers (`field` "prechat" or "prechat.<name>"): true when it was
     * ours; the form shows again with the message by the field and resends `cid` when submitted.
     */
    refused(cid: string, fieldName: string | undefined, text: string): boolean {
      if (!fieldName || !/^prechat(\.|$)/.test(fieldName)) return false;
      answers = null;
      retryCid = cid;
      const f = fields.find((x) => `prechat.${x.name}` === fieldName);
      if (f) showErrors(fields, { [f.name]: text }, t);
      else status.textContent = text;
      return true;
    },
  };
}
export type PrechatForm = ReturnType<typeof prechatForm>;
