import { selectField, textField } from "../../../platform/forms.ts";
import { html } from "../../../platform/html.ts";
import { invalid } from "../../../platform/errors.ts";
import { emptyPerLanguage, enumField, intField, perLanguage, perLanguageValues, type PerLanguage, type SettingsSection } from "../section.ts";
import { imageField } from "./image-field.ts";
import { fieldset, imageUrl, perLanguageFields, setTexts, siteImage } from "./look-fields.ts";

/** V2 entry styles (seed 003 §10.2): how the widget invites a visitor to chat on the host page. */
export const ENTRY_STYLES = ["floating", "image", "text", "list", "hidden"] as const;
export type EntryStyle = (typeof ENTRY_STYLES)[number];
export const CORNERS = ["bottom-right", "bottom-left", "top-right", "top-left"] as const;
export type Corner = (typeof CORNERS)[number];
export const MAX_MARGIN = 200;
export const MAX_LINK_TEXT = 60;

export interface EntrySettings {
  style: EntryStyle;
  corner: Corner;
  /** Distance from the corner's side and from its top or bottom edge, px (0–200). */
  marginX: number;
  marginY: number;
  /** Site image ids (src/files/site-images) for the floating and fixed-image styles; null = built-in. */
  onlineImage: string | null;
  offlineImage: string | null;
  /** Text-link style: the link's text per language; "" = the built-in "Chat with us". */
  linkText: PerLanguage;
}

/** `config.entry` as widgets get it: image ids become paths on the server's own origin. */
export interface EntryWidgetConfig {
  style: EntryStyle;
  corner: Corner;
  marginX: number;
  marginY: number;
  onlineImage: string | null;
  offlineImage: string | null;
  linkText: Partial<PerLanguage>;
}

const STYLE_LABELS: Record<EntryStyle, string> = {
  floating: "浮动按钮 Floating button",
  image: "固定图片（放在嵌入代码处） Fixed image, where the snippet is",
  text: "文字链接（放在嵌入代码处） Text link, where the snippet is",
  list: "分组/客服列表（放在嵌入代码处） List of groups or agents, where the snippet is",
  hidden: "隐藏（仅邀请） Hidden: invitations only",
};
const CORNER_LABELS: Record<Corner, string> = {
  "bottom-right": "右下 Bottom right",
  "bottom-left": "左下 Bottom left",
  "top-right": "右上 Top right",
  "top-left": "左上 Top left",
};
const marginMessage = (zh: string, en: string) => `${zh}必须是 0 到 ${MAX_MARGIN} 之间的整数（像素） / ${en} must be a whole number of pixels from 0 to ${MAX_MARGIN}`;

export const entrySection: SettingsSection<EntrySettings> = {
  key: "entry",
  zh: "入口样式",
  en: "Entry style",
  defaults: () => ({ style: "floating", corner: "bottom-right", marginX: 20, marginY: 20, onlineImage: null, offlineImage: null, linkText: emptyPerLanguage() }),

  parse(body, ctx) {
    const style = enumField(body, "style", ENTRY_STYLES, "请选择入口样式 / choose an entry style");
    if (style === "list") {
      const site = ctx.services.sites.get(ctx.siteId);
      if (!site || site.entry_choice === "none") {
        throw invalid("列表样式需要网站先提供分组或客服选择（网站基本信息 → 访客选择） / the list style needs the site to offer a choice of groups or agents first (site details → visitor's choice)", "style");
      }
    }
    return {
      style,
      corner: enumField(body, "corner", CORNERS, "请选择位置 / choose a corner"),
      marginX: intField(body, "margin_x", 0, MAX_MARGIN, marginMessage("水平边距", "The horizontal margin")),
      marginY: intField(body, "margin_y", 0, MAX_MARGIN, marginMessage("垂直边距", "The vertical margin")),
      onlineImage: siteImage(body, "online_image", ctx),
      offlineImage: siteImage(body, "offline_image", ctx),
      linkText: perLanguage(body, "link_text", MAX_LINK_TEXT, { zh: "链接文字", en: "Link text" }),
    };
  },

  formValues: (v) => ({
    style: v.style,
    corner: v.corner,
    margin_x: String(v.marginX),
    margin_y: String(v.marginY),
    online_image: v.onlineImage ?? "",
    offline_image: v.offlineImage ?? "",
    ...perLanguageValues("link_text", v.linkText),
  }),

  fields(state, ctx) {
    const img = (name: "online_image" | "offline_image") => imageField({ siteId: ctx.siteId, name, value: state.values[name] ?? "", error: state.errors[name] });
    return html`${fieldset(
      html`入口 <small>Entry</small>`,
      selectField(state, "style", html`样式 <small>Style</small>`, ENTRY_STYLES.map((s) => ({ value: s, label: STYLE_LABELS[s] }))),
      html`<p class="hint">固定图片、文字链接和列表显示在网页中嵌入代码所在的位置，嵌入代码本身不需要修改。隐藏时只有客服邀请或主动对话才会打开对话窗口。手机上（宽度小于 600 像素）对话总是全屏显示。 <small>The fixed image, text link and list appear where the snippet is in the page; the snippet itself never changes. When hidden, only an agent's invitation or proactive chat opens the chat. On phones (under 600 px) the chat is always full screen.</small></p>`,
    )}
${fieldset(
  html`浮动位置 <small>Floating position</small>`,
  selectField(state, "corner", html`角落 <small>Corner</small>`, CORNERS.map((c) => ({ value: c, label: CORNER_LABELS[c] }))),
  textField(state, "margin_x", html`水平边距（像素） <small>Horizontal margin (px)</small>`, { type: "number", min: 0, max: MAX_MARGIN }),
  textField(state, "margin_y", html`垂直边距（像素） <small>Vertical margin (px)</small>`, { type: "number", min: 0, max: MAX_MARGIN }),
)}
${fieldset(
  html`入口图片 <small>Entry images</small>`,
  html`<p class="hint">用于浮动按钮和固定图片样式；未设置时使用内置样式。 <small>For the floating and fixed-image styles; the built-in look when not set.</small></p>`,
  img("online_image"),
  img("offline_image"),
)}
${fieldset(html`链接文字 <small>Link text</small>`, html`<p class="hint">用于文字链接样式；留空则使用内置文字。 <small>For the text-link style; empty = the built-in text.</small></p>`, perLanguageFields(state, "link_text", MAX_LINK_TEXT, false))}`;
  },

  widget: (v): EntryWidgetConfig => ({
    style: v.style,
    corner: v.corner,
    marginX: v.marginX,
    marginY: v.marginY,
    onlineImage: imageUrl(v.onlineImage),
    offlineImage: imageUrl(v.offlineImage),
    linkText: setTexts(v.linkText),
  }),
};
