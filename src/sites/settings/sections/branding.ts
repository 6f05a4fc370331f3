import { textField } from "../../../platform/forms.ts";
import { html } from "../../../platform/html.ts";
import { emptyPerLanguage, perLanguage, perLanguageValues, textField as textValue, type PerLanguage, type SettingsSection } from "../section.ts";
import { contrastWarning, hexColor } from "./colors.ts";
import { imageField } from "./image-field.ts";
import { fieldset, imageUrl, perLanguageFields, setTexts, siteImage } from "./look-fields.ts";

export const MAX_TITLE = 40;
export const MAX_COMPANY = 60;

/** The widget's colours; each text colour is checked against the background it sits on. */
export interface BrandColors {
  /** Header, buttons, links, the entry button. */
  primary: string;
  /** Text and icons on the primary colour (header, buttons, entry button). */
  headerText: string;
  visitorBubble: string;
  visitorText: string;
  agentBubble: string;
  agentText: string;
}

export interface BrandingSettings {
  logo: string | null;
  /** The panel's title per language; "" = built-in "Chat with us". */
  title: PerLanguage;
  company: string;
  colors: BrandColors;
  /** The avatar beside agent messages (agents have no picture of their own yet). */
  avatar: string | null;
  banner: string | null;
}

export interface BrandingWidgetConfig {
  logo: string | null;
  title: Partial<PerLanguage>;
  company: string;
  colors: BrandColors;
  avatar: string | null;
  banner: string | null;
}

/** The colours the widget had before branding existed, so an unbranded site looks the same. */
export const DEFAULT_COLORS: BrandColors = {
  primary: "#1a56a8",
  headerText: "#ffffff",
  visitorBubble: "#1a56a8",
  visitorText: "#ffffff",
  agentBubble: "#ffffff",
  agentText: "#1f2328",
};

const COLOR_FIELDS: [keyof BrandColors, string, { zh: string; en: string }][] = [
  ["primary", "color_primary", { zh: "主色", en: "The primary colour" }],
  ["headerText", "color_header_text", { zh: "标题栏文字颜色", en: "The header text colour" }],
  ["visitorBubble", "color_visitor_bubble", { zh: "访客气泡颜色", en: "The visitor bubble colour" }],
  ["visitorText", "color_visitor_text", { zh: "访客气泡文字颜色", en: "The visitor bubble text colour" }],
  ["agentBubble", "color_agent_bubble", { zh: "客服气泡颜色", en: "The agent bubble colour" }],
  ["agentText", "color_agent_text", { zh: "客服气泡文字颜色", en: "The agent bubble text colour" }],
];

/** Text on a background: the pairs visitors read, each warned about on its text colour's field. */
export function brandingWarnings(c: BrandColors) {
  return [
    contrastWarning("color_header_text", c.headerText, c.primary, { zh: "标题栏与按钮上的文字", en: "Text on the header and buttons" }),
    contrastWarning("color_visitor_text", c.visitorText, c.visitorBubble, { zh: "访客气泡中的文字", en: "Text in visitor bubbles" }),
    contrastWarning("color_agent_text", c.agentText, c.agentBubble, { zh: "客服气泡中的文字", en: "Text in agent bubbles" }),
    // Links and secondary buttons are drawn in the primary colour on the panel's white.
    contrastWarning("color_primary", c.primary, "#ffffff", { zh: "白底上的主色链接和按钮文字", en: "Links and button text in the primary colour on white" }),
  ].filter((w): w is { field: string; message: string } => w !== null);
}

export const brandingSection: SettingsSection<BrandingSettings> = {
  key: "branding",
  zh: "品牌外观",
  en: "Branding",
  defaults: () => ({ logo: null, title: emptyPerLanguage(), company: "", colors: { ...DEFAULT_COLORS }, avatar: null, banner: null }),

  parse(body, ctx) {
    const title = perLanguage(body, "title", MAX_TITLE, { zh: "窗口标题", en: "Title" });
    const company = textValue(body, "company", MAX_COMPANY, { zh: "公司名称", en: "Company name" });
    const colors = { ...DEFAULT_COLORS };
    for (const [key, name, label] of COLOR_FIELDS) colors[key] = hexColor(body, name, label);
    return {
      logo: siteImage(body, "logo", ctx),
      title,
      company,
      colors,
      avatar: siteImage(body, "avatar", ctx),
      banner: siteImage(body, "banner", ctx),
    };
  },

  formValues: (v) => ({
    logo: v.logo ?? "",
    ...perLanguageValues("title", v.title),
    company: v.company,
    ...Object.fromEntries(COLOR_FIELDS.map(([key, name]) => [name, v.colors[key]])),
    avatar: v.avatar ?? "",
    banner: v.banner ?? "",
  }),

  fields(state, ctx) {
    const img = (name: "logo" | "avatar" | "banner") => imageField({ siteId: ctx.siteId, name, value: state.values[name] ?? "", error: state.errors[name] });
    return html`${fieldset(
      html`标题栏 <small>Header</small>`,
      img("logo"),
      textField(state, "company", html`公司名称 <small>Company name</small>`, { maxlength: MAX_COMPANY, hint: html`显示在标题下方 <small>Shown under the title</small>` }),
      html`<p class="hint">窗口标题（留空则使用内置的“在线咨询”） <small>Panel title (empty = built-in "Chat with us")</small></p>`,
      perLanguageFields(state, "title", MAX_TITLE, false),
    )}
${fieldset(
  html`颜色 <small>Colours</small>`,
  html`<p class="hint">对比度低于 WCAG AA（4.5:1）时会提示，但仍可保存。 <small>A contrast below WCAG AA (4.5:1) is pointed out but can still be saved.</small></p>`,
  ...COLOR_FIELDS.map(([, name, label]) => textField(state, name, html`${label.zh} <small>${label.en.replace(/^The /, "")}</small>`, { type: "color" })),
)}
${fieldset(html`图片 <small>Images</small>`, img("avatar"), img("banner"))}`;
  },

  widget: (v): BrandingWidgetConfig => ({
    logo: imageUrl(v.logo),
    title: setTexts(v.title),
    company: v.company,
    colors: v.colors,
    avatar: imageUrl(v.avatar),
    banner: imageUrl(v.banner),
  }),

  warnings: (v) => brandingWarnings(v.colors),
};
