import { invalid } from "../../../platform/errors.ts";
import { textArea, textField, type FieldState } from "../../../platform/forms.ts";
import { html, type Html } from "../../../platform/html.ts";
import { WIDGET_LANGUAGES, WIDGET_LANGUAGE_NAMES } from "../../model.ts";
import { langField, type PerLanguage, type SectionContext } from "../section.ts";

/** Shared by the entry, branding, texts and idle sections: per-language inputs and site images. */

export const fieldset = (legend: Html, ...children: Html[]) => html`<fieldset><legend>${legend}</legend>${children}</fieldset>`;

/** One input (or text box) per widget language, each with its own error beside it. */
export function perLanguageFields(s: FieldState, prefix: string, max: number, multiline: boolean): Html {
  return html`${WIDGET_LANGUAGES.map((lang) => {
    const name = langField(prefix, lang);
    const label = html`${WIDGET_LANGUAGE_NAMES[lang]} <small>${lang}</small>`;
    return multiline ? textArea(s, name, label, { rows: 2, maxlength: max }) : textField(s, name, label, { maxlength: max });
  })}`;
}

/** Only the languages that have a text: what widgets need (a missing one = the built-in text). */
export const setTexts = (v: PerLanguage): Partial<PerLanguage> => Object.fromEntries(WIDGET_LANGUAGES.filter((l) => v[l]).map((l) => [l, v[l]]));

/** An image field: the id of an image uploaded for this very site; "" or a ticked `NAME_clear` = none. */
export function siteImage(body: Record<string, unknown>, name: string, ctx: SectionContext): string | null {
  if (body[`${name}_clear`] === "1") return null;
  const v = typeof body[name] === "string" ? (body[name] as string).trim() : "";
  if (!v) return null;
  if (!ctx.services.siteImages.ofSite(v, ctx.siteId)) throw invalid("图片不存在，请重新上传 / this image does not exist; upload it again", name);
  return v;
}

/** The public path of a site image (src/files/site-images), relative to the server's origin. */
export const imageUrl = (id: string | null) => (id ? `/widget/assets/${id}` : null);
