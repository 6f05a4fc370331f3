import { h, icon } from "./dom.ts";
import { field, showErrors, values, type Field } from "./forms.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import { I } from "./icons.ts";
import { validateProfile, type ContactInput } from "./validate.ts";

/** Name and contact card (V17), sent as a `profile` frame. */
export function profileForm(t: PanelStrings, save: (v: ContactInput) => void, back: () => void) {
  const fields: Field[] = [
    field("name", t.name, { autocomplete: "name", max: 100 }),
    field("phone", t.phone, { type: "tel", autocomplete: "tel", max: 40 }),
    field("email", t.email, { type: "email", autocomplete: "email", max: 200 }),
    field("company", t.company, { autocomplete: "organization", max: 200 }),
  ];
  const status = h("div", { class: "ok", role: "status" });
  const backBtn = h("button", { type: "button", class: "btn sec" }, icon(I.back), t.back);
  backBtn.addEventListener("click", back);
  const form = h("form", { class: "fm", novalidate: true }, h("h3", null, t.details), h("p", { class: "intro" }, t.profileIntro), ...fields.map((f) => f.wrap), status, h("div", { class: "row" }, backBtn, h("button", { type: "submit", class: "btn" }, t.save)));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = values(fields) as unknown as ContactInput;
    const first = showErrors(fields, validateProfile(v), t, { max: 100 });
    status.textContent = "";
    if (first) return first.input.focus();
    save(v);
    status.textContent = t.saved;
  });
  return {
    el: form,
    focus: () => fields[0].input.focus(),
    serverError(fieldName: string | undefined, text: string) {
      const f = fields.find((x) => x.name === fieldName);
      status.textContent = "";
      if (f) showErrors(fields, { [f.name]: text }, t);
      else status.textContent = text;
    },
  };
}
