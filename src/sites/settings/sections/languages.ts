import { html } from "../../../platform/html.ts";
import { checkboxField } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { WIDGET_LANGUAGES, WIDGET_LANGUAGE_NAMES as NAMES, type WidgetLanguage } from "../../model.ts";
import { boolField, langField, type SettingsSection } from "../section.ts";

export interface LanguagesSetting {
  /** Use the visitor's browser language when the site offers it; otherwise always the site's default. */
  followBrowser: boolean;
  enabled: WidgetLanguage[];
}


/** V15 per site: which of the widget's languages a site offers, and whether the browser decides. */
export const languagesSection: SettingsSection<LanguagesSetting> = {
  key: "languages",
  zh: "语言",
  en: "Languages",
  defaults: () => ({ followBrowser: true, enabled: [...WIDGET_LANGUAGES] }),
  parse(body, ctx) {
    const enabled = WIDGET_LANGUAGES.filter((l) => boolField(body, langField("lang", l)));
    if (!enabled.length) throw invalid("至少启用一种语言 / enable at least one language", langField("lang", "zh-CN"));
    const fallback = ctx.services.sites.get(ctx.siteId)?.default_language as WidgetLanguage | undefined;
    if (fallback && !enabled.includes(fallback)) throw invalid(`网站默认语言（${NAMES[fallback]}）必须启用 / the site's default language (${fallback}) must stay enabled`, langField("lang", fallback));
    return { followBrowser: boolField(body, "follow_browser"), enabled };
  },
  formValues: (v) => ({
    follow_browser: v.followBrowser ? "1" : "",
    ...Object.fromEntries(WIDGET_LANGUAGES.map((l) => [langField("lang", l), v.enabled.includes(l) ? "1" : ""])),
  }),
  fields: (state) => html`<fieldset><legend>访客可用的语言 <small>Languages offered to visitors</small></legend>
${WIDGET_LANGUAGES.map((l) => checkboxField(state, langField("lang", l), html`${NAMES[l]} <small>${l}</small>`))}
</fieldset>
${checkboxField(state, "follow_browser", html`按访客浏览器语言显示（否则始终用网站默认语言） <small>Follow the visitor's browser language (otherwise always the site's default)</small>`)}`,
  widget: (v) => ({ followBrowser: v.followBrowser, enabled: v.enabled }),
};
