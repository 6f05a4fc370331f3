import { h } from "./dom.ts";
import { field, showErrors, values, type Field } from "./forms.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import type { Lang } from "./lang.ts";
import { pick, type LeaveFormConfig, type StandardField } from "./site-config.ts";
import { MAX_CONTENT, validateLeave, type ContactInput, type LeaveRules } from "./validate.ts";

const CONTACT: { name: StandardField; type?: string; autocomplete: string; max: number }[] = [
  { name: "name", autocomplete: "name", max: 100 },
  { name: "phone", type: "tel", autocomplete: "tel", max: 40 },
  { name: "email", type: "email", autocomplete: "email", max: 200 },
  { name: "company", autocomplete: "organization", max: 200 },
];
/** Before the site's settings arrive: today's form (name, phone, email; one contact required). */
const DEFAULT: LeaveFormConfig = { fields: { name: { shown: true, required: false }, phone: { shown: true, required: false }, email: { shown: true, required: false } }, contactRequired: true };

/**
 * The leave-message form (V6), shown when nobody can take a chat. Which contact fields it asks
 * and requires, and its intro, are the site's (M11, `config.leave_form`). Validation happens
 * here first (field messages, focus on the first wrong field); the server's `error.field` is
 * shown the same way through `serverError`.
 */
export function leaveForm(t: PanelStrings, submit: (v: ContactInput) => void) {
  let config = DEFAULT;
  let fields: Field[] = [];
  const content = field("content", `${t.content} *`, { multiline: true, required: true, max: MAX_CONTENT });
  const intro = h("p", { class: "intro" }, t.leaveIntro);
  const list = h("div", { class: "pf" });
  const status = h("div", { class: "fe", role: "alert" });
  const button = h("button", { type: "submit", class: "btn" }, t.submit);
  const form = h("form", { class: "fm", novalidate: true }, h("h3", null, t.leaveTitle), intro, list, content.wrap, status, button);

  let offline = t.leaveIntro; // V16: the site's offline text (texts section), below the form's own intro
  let shownLang: Lang | null = null;
  const showIntro = () => (intro.textContent = (shownLang && pick(config.intro, shownLang)) || offline);

  function build(lang: Lang | null) {
    const kept = values(fields);
    fields = CONTACT.filter((c) => config.fields[c.name]?.shown).map((c) => {
      const required = !!config.fields[c.name]?.required;
      const f = field(c.name, required ? `${t[c.name]} *` : t[c.name], { type: c.type, autocomplete: c.autocomplete, max: c.max, required });
      if (kept[c.name]) f.input.value = kept[c.name];
      return f;
    });
    list.replaceChildren(...fields.map((f) => f.wrap));
    if (lang) shownLang = lang;
    showIntro();
  }
  build(null);

  const all = () => [...fields, content];
  const rules = (): LeaveRules => ({ required: CONTACT.filter((c) => config.fields[c.name]?.shown && config.fields[c.name]?.required).map((c) => c.name), contactRequired: config.contactRequired });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = { name: "", phone: "", email: "", ...values(all()) } as ContactInput;
    const errors = validateLeave(v, rules());
    const first = showErrors(all(), errors, t, { max: MAX_CONTENT });
    status.textContent = "";
    if (first) return first.input.focus();
    submit(v);
  });
  form.addEventListener("input", () => (form.dataset.dirty = "1"));
  return {
    el: form,
    focus: () => all()[0].input.focus(),
    /** The site's leave form (`config.leave_form`); typed values survive a redraw. */
    configure(c: LeaveFormConfig | undefined | null, lang: Lang) {
      config = c && c.fields ? c : DEFAULT;
      build(lang);
    },
    /** The site's offline text (V16 texts) or the built-in one; the leave form's own intro (M11) wins when set. */
    setIntro(text: string) {
      offline = text;
      showIntro();
    },
    busy(b: boolean) {
      button.disabled = b;
    },
    /** A refusal from the server: next to its field when it names one, else above the button. */
    serverError(fieldName: string | undefined, text: string) {
      this.busy(false);
      const name = fieldName === "body" ? "content" : fieldName;
      const f = all().find((x) => x.name === name);
      if (f) {
        showErrors(all(), { [f.name]: text }, t);
        f.input.focus();
      } else status.textContent = text;
    },
    get dirty() {
      return form.dataset.dirty === "1";
    },
  };
}
