import { html } from "../../../platform/html.ts";
import { selectField, textArea } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { enumField, type SettingsSection } from "../section.ts";

const MODES = ["off", "allow", "deny"] as const;
const OUTSIDE = ["leave", "hide"] as const;

/** Mirrors src/visitors/regions.ts RegionSettings (the matching and name checks live there). */
export interface RegionsSetting {
  mode: (typeof MODES)[number];
  regions: string[];
  outside: (typeof OUTSIDE)[number];
}

/**
 * Service regions (M5): serve only the listed regions or everyone but them; visitors outside
 * get the leave-message form only or no widget. Names are checked against the region database
 * through the regions service (a typo would silently leave a region unserved). Enforced by the
 * server on the visitor channel; nothing goes to widgets.
 */
export const regionsSection: SettingsSection<RegionsSetting> = {
  key: "regions",
  zh: "服务地区",
  en: "Service regions",
  defaults: () => ({ mode: "off", regions: [], outside: "leave" }),
  parse(body, ctx) {
    const mode = enumField(body, "regions_mode", MODES, "请选择服务地区方式 / choose off, allow-list or deny-list", "off");
    const text = typeof body.regions === "string" ? body.regions : Array.isArray(body.regions) ? body.regions.join("\n") : "";
    if (text.length > 8000) throw invalid("地区列表过长 / the region list is too long", "regions");
    const regions = ctx.services.regions.parse(text, "regions");
    if (mode !== "off" && !regions.length) throw invalid("请至少填写一个地区 / list at least one region", "regions");
    const outside = enumField(body, "regions_outside", OUTSIDE, "请选择地区以外的访客看到什么 / choose what visitors outside see", "leave");
    return { mode, regions, outside };
  },
  formValues: (v) => ({ regions_mode: v.mode, regions: v.regions.join("\n"), regions_outside: v.outside }),
  fields: (state) => html`${selectField(state, "regions_mode", html`服务地区 <small>Service regions</small>`, [
    { value: "off", label: "关闭（对所有地区开放） Off (serve every region)" },
    { value: "allow", label: "开放服务：只对以下地区开放 Allow-list: serve only the regions below" },
    { value: "deny", label: "禁止服务：对以下地区禁止 Deny-list: serve everyone but the regions below" },
  ])}
${textArea(state, "regions", html`地区 <small>Regions</small>`, {
    rows: 6, maxlength: 8000,
    hint: html`每行一个地区，用访客列表中显示的名称：国家（中国、美国）、省份（广东、北京）或城市（深圳）；同一行写多个名称表示同时满足，如 <code>广东 深圳</code>。“内网”指本单位网络。无法识别地区的访客在开放服务时视为地区以外。 <small>One region per line, named as the visitor list shows them: a country, a province or a city; several names on one line must all match (e.g. 广东 深圳). 内网 is your own network. Visitors whose region is unknown count as outside an allow-list.</small>`,
  })}
${selectField(state, "regions_outside", html`地区以外的访客 <small>Visitors outside the regions</small>`, [
    { value: "leave", label: "只显示留言表单 Leave-message form only" },
    { value: "hide", label: "不显示挂件 No widget" },
  ])}`,
};
