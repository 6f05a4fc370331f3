import { describe, expect, it } from "bun:test";
import type { Services } from "../../../services.ts";
import { AppError } from "../../../platform/errors.ts";
import { brandingSection, DEFAULT_COLORS } from "./branding.ts";
import { entrySection } from "./entry.ts";
import type { SectionContext, SettingsSection } from "../section.ts";
import { TEXT_INFO, TEXT_KEYS, textsSection } from "./texts.ts";

/** The entry, branding and texts sections: every bad field is refused by its own name. */
const IMG_A = "A".repeat(32);
const IMG_B = "B".repeat(32);
const FOREIGN = "F".repeat(32);

function ctx(entryChoice = "groups"): SectionContext {
  const services = {
    siteImages: { ofSite: (id: unknown, siteId: number) => siteId === 1 && (id === IMG_A || id === IMG_B) },
    sites: { get: (id: number) => (id === 1 ? { id: 1, entry_choice: entryChoice } : null) },
  };
  return { siteId: 1, services: services as unknown as Services };
}

function refusal(section: SettingsSection, body: Record<string, unknown>, c = ctx()): AppError {
  try {
    section.parse(body, c);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(422);
    return e as AppError;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

/** A valid form of a section is its defaults' form values: parse must give the defaults back. */
const formOf = (s: SettingsSection, extra: Record<string, unknown> = {}) => ({ ...s.formValues(s.defaults()), ...extra });

describe("entry section", () => {
  it("round-trips defaults and a full value through the form", () => {
    expect(entrySection.parse(formOf(entrySection), ctx())).toEqual(entrySection.defaults());
    const v = entrySection.parse(formOf(entrySection, { style: "image", corner: "top-left", margin_x: "0", margin_y: "200", online_image: IMG_A, offline_image: IMG_B, "link_text_zhCN": " 在线咨询 ", link_text_en: "Talk to us" }), ctx());
    expect(v).toMatchObject({ style: "image", corner: "top-left", marginX: 0, marginY: 200, onlineImage: IMG_A, offlineImage: IMG_B });
    expect(v.linkText["zh-CN"]).toBe("在线咨询");
    expect(entrySection.parse(entrySection.formValues(v), ctx())).toEqual(v);
    expect(entrySection.widget!(v)).toEqual({
      style: "image", corner: "top-left", marginX: 0, marginY: 200,
      onlineImage: `/widget/assets/${IMG_A}`, offlineImage: `/widget/assets/${IMG_B}`,
      linkText: { "zh-CN": "在线咨询", en: "Talk to us" },
    });
    for (const style of ["floating", "text", "list", "hidden"]) expect(entrySection.parse(formOf(entrySection, { style }), ctx()).style).toBe(style as never);
  });

  it("refuses each bad field by name", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ style: "popup" }, "style"],
      [{ style: undefined }, "style"],
      [{ corner: "middle" }, "corner"],
      [{ margin_x: "201" }, "margin_x"],
      [{ margin_x: "-1" }, "margin_x"],
      [{ margin_x: "1.5" }, "margin_x"],
      [{ margin_x: "" }, "margin_x"],
      [{ margin_y: "abc" }, "margin_y"],
      [{ margin_y: "9999" }, "margin_y"],
      [{ online_image: FOREIGN }, "online_image"],
      [{ offline_image: "../../etc/passwd" }, "offline_image"],
      [{ "link_text_ja": "x".repeat(61) }, "link_text_ja"],
      [{ "link_text_ko": "line\nbreak" }, "link_text_ko"],
      [{ "link_text_zhTW": "bell\u0007" }, "link_text_zhTW"],
    ];
    for (const [extra, field] of cases) expect(refusal(entrySection, formOf(entrySection, extra)).field).toBe(field);
  });

  it("offers the list style only when the site offers a choice of groups or agents", () => {
    expect(refusal(entrySection, formOf(entrySection, { style: "list" }), ctx("none")).field).toBe("style");
    expect(entrySection.parse(formOf(entrySection, { style: "list" }), ctx("agents")).style).toBe("list");
  });

  it("clears an image with its remove box", () => {
    const v = entrySection.parse(formOf(entrySection, { online_image: IMG_A, online_image_clear: "1" }), ctx());
    expect(v.onlineImage).toBeNull();
  });

  it("draws its fields with values, errors beside their field and the image upload", () => {
    const state = { values: { ...entrySection.formValues(entrySection.defaults()), margin_x: "300", online_image: IMG_A }, errors: { margin_x: "太大 / too big" } };
    const page = String(entrySection.fields(state, ctx()));
    expect(page).toMatch(/name="margin_x"[^>]*value="300"[^>]*aria-invalid="true"/);
    expect(page).toContain('id="err-margin_x"');
    expect(page).toContain(`name="online_image" value="${IMG_A}"`);
    expect(page).toContain('hx-post="/admin/sites/1/images?field=online_image"');
    expect(page).toContain('hx-encoding="multipart/form-data"');
    expect(page).toContain('name="link_text_zhCN"');
    for (const style of ["floating", "image", "text", "list", "hidden"]) expect(page).toContain(`value="${style}"`);
  });
});

describe("branding section", () => {
  it("round-trips defaults and a full value", () => {
    expect(brandingSection.parse(formOf(brandingSection), ctx())).toEqual(brandingSection.defaults());
    const v = brandingSection.parse(
      formOf(brandingSection, { logo: IMG_A, avatar: IMG_B, banner: IMG_A, company: " 某某银行 ", "title_zhCN": "在线客服", color_primary: "#0B5FFF", color_agent_bubble: "#eef2f7" }),
      ctx(),
    );
    expect(v).toMatchObject({ logo: IMG_A, avatar: IMG_B, banner: IMG_A, company: "某某银行" });
    expect(v.colors.primary).toBe("#0b5fff");
    expect(v.title["zh-CN"]).toBe("在线客服");
    expect(brandingSection.parse(brandingSection.formValues(v), ctx())).toEqual(v);
    expect(brandingSection.widget!(v)).toMatchObject({ logo: `/widget/assets/${IMG_A}`, avatar: `/widget/assets/${IMG_B}`, title: { "zh-CN": "在线客服" }, company: "某某银行" });
  });

  it("refuses each bad field by name", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ color_primary: "blue" }, "color_primary"],
      [{ color_header_text: "#fff" }, "color_header_text"],
      [{ color_visitor_bubble: "" }, "color_visitor_bubble"],
      [{ color_visitor_text: "#12345g" }, "color_visitor_text"],
      [{ color_agent_bubble: "rgb(0,0,0)" }, "color_agent_bubble"],
      [{ color_agent_text: "#0000001" }, "color_agent_text"],
      [{ logo: FOREIGN }, "logo"],
      [{ avatar: "x" }, "avatar"],
      [{ banner: FOREIGN }, "banner"],
      [{ company: "c".repeat(61) }, "company"],
      [{ company: "a\nb" }, "company"],
      [{ title_en: "t".repeat(41) }, "title_en"],
      [{ "title_zhCN": "\u0000" }, "title_zhCN"],
    ];
    for (const [extra, field] of cases) expect(refusal(brandingSection, formOf(brandingSection, extra)).field).toBe(field);
  });

  it("warns about text colours below WCAG AA on their background, and the defaults pass", () => {
    expect(brandingSection.warnings!(brandingSection.defaults())).toEqual([]);
    const low = brandingSection.parse(formOf(brandingSection, { color_primary: "#ffd400", color_header_text: "#ffffff", color_agent_text: "#bbbbbb" }), ctx());
    const fields = brandingSection.warnings!(low).map((w) => w.field).sort();
    expect(fields).toEqual(["color_agent_text", "color_header_text", "color_primary"]);
    // Saved anyway: parse did not refuse, and the form shows the warning beside the field.
    const warnings = Object.fromEntries(brandingSection.warnings!(low).map((w) => [w.field, w.message]));
    const page = String(brandingSection.fields({ values: brandingSection.formValues(low), errors: {}, warnings }, ctx()));
    expect(page).toMatch(/name="color_header_text"[^>]*>[^]*?class="field-warning"[^>]*>[^<]*4\.5:1/);
    expect(DEFAULT_COLORS.primary).toBe("#1a56a8");
  });
});

describe("texts section", () => {
  it("round-trips, sends only the languages that have a text, and keeps line breaks", () => {
    expect(textsSection.parse(formOf(textsSection), ctx())).toEqual(textsSection.defaults());
    expect(textsSection.widget!(textsSection.defaults())).toEqual({});
    const v = textsSection.parse(formOf(textsSection, { "welcome_zhCN": "您好！\r\n请问有什么可以帮您？", warning_en: "Never tell anyone your password.", "warning_zhCN": "请勿透露密码" }), ctx());
    expect(v.welcome["zh-CN"]).toBe("您好！\n请问有什么可以帮您？");
    expect(textsSection.widget!(v)).toEqual({ welcome: { "zh-CN": "您好！\n请问有什么可以帮您？" }, warning: { en: "Never tell anyone your password.", "zh-CN": "请勿透露密码" } });
    expect(textsSection.parse(textsSection.formValues(v), ctx())).toEqual(v);
  });

  it("refuses a text over its length or with control characters, naming the language's field", () => {
    for (const key of TEXT_KEYS) {
      const max = TEXT_INFO[key].max;
      // Counted in characters: a Chinese text gets its full length.
      expect(textsSection.parse(formOf(textsSection, { [`${key}_ja`]: "字".repeat(max) }), ctx())[key].ja.length).toBe(max);
      expect(refusal(textsSection, formOf(textsSection, { [`${key}_ja`]: "字".repeat(max + 1) })).field).toBe(`${key}_ja`);
      expect(refusal(textsSection, formOf(textsSection, { [`${key}_ko`]: "a\u001bb" })).field).toBe(`${key}_ko`);
    }
  });

  it("draws one box per language and text, with values escaped", () => {
    const v = textsSection.parse(formOf(textsSection, { welcome_en: "<b>hi</b>" }), ctx());
    const page = String(textsSection.fields({ values: textsSection.formValues(v), errors: {} }, ctx()));
    expect(page).toContain("&lt;b&gt;hi&lt;/b&gt;</textarea>");
    expect(page.match(/<textarea name="/g)?.length).toBe(30);
  });
});
