import { h } from "./dom.ts";
import { field, showErrors, values, type Field } from "./forms.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import { MAX_CONTENT, validateLeave, type ContactInput } from "./validate.ts";

/**
 * The leave-message form (V6), shown when nobody can take a chat. Validation happens here
 * first (field messages, focus on the first wrong field); the server's `error.field` is shown
 * the same way through `serverError`.
 */
export function leaveForm(t: PanelStrings, submit: (v: ContactInput) => void) {
  const fields: Field[] = [
    field("name", t.name, { autocomplete: "name", max: 100 }),
    field("phone", t.phone, { type: "tel", autocomplete: "tel", max: 40 }),
    field("email", t.email, { type: "email", autocomplete: "email", max: 200 }),
    field("content", t.content, { multiline: true, required: true, max: MAX_CONTENT }),
  ];
  const status = h("div", { class: "fe", role: "alert" });
  const button = h("button", { type: "submit", class: "btn" }, t.submit);
  const intro = h("p", { class: "intro" }, t.leaveIntro);
  const form = h("form", { class: "fm", novalidate: true }, h("h3", null, t.leaveTitle), intro, ...fields.map((f) => f.wrap), status, button);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = values(fields) as unknown as ContactInput;
    const errors = validateLeave(v);
    const first = showErrors(fields, errors, t, { max: MAX_CONTENT });
    status.textContent = "";
    if (first) return first.input.focus();
    submit(v);
  });
  form.addEventListener("input", () => (form.dataset.dirty = "1"));
  return {
    el: form,
    focus: () => fields[0].input.focus(),
    busy(b: boolean) {
      button.disabled = b;
    },
    /** A refusal from the server: next to its field when it names one, else above the button. */
    serverError(fieldName: string | undefined, text: string) {
      this.busy(false);
      const name = fieldName === "body" ? "content" : fieldName;
      const f = fields.find((x) => x.name === name);
      if (f) {
        showErrors(fields, { [f.name]: text }, t);
        f.input.focus();
      } else status.textContent = text;
    },
    /** The site's offline text (V16), or the built-in introduction. */
    setIntro(text: string) {
      intro.textContent = text;
    },
    get dirty() {
      return form.dataset.dirty === "1";
    },
  };
}
