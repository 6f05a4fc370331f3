import { describe, expect, it } from "bun:test";
import { useDom } from "./dom-env.ts";
import { assetUrl, paint } from "../src/theme.ts";
import { panelLook } from "../src/look.ts";
import { panel as EN } from "../src/i18n/en.ts";

useDom();

/** The site's look in the widget: only our asset paths load, only #rrggbb colours apply, texts stay text. */
describe("site look", () => {
  it("loads images only from this server's /widget/assets/", () => {
    expect(assetUrl("https://chat.example.cn", "/widget/assets/AbC_-123")).toBe("https://chat.example.cn/widget/assets/AbC_-123");
    for (const bad of ["https://evil.example/x.png", "//evil.example/x.png", "/widget/assets/../admin", "/files/abc", "javascript:alert(1)", "/widget/assets/a b", null, 42])
      expect(assetUrl("https://chat.example.cn", bad)).toBeNull();
  });

  it("sets colours as custom properties, refusing anything but #rrggbb and clearing what is gone", () => {
    const el = document.createElement("div");
    paint(el, { primary: "#0B5FFF", headerText: "red", visitorBubble: "#fff;background:url(x)", agentText: "#222222" });
    expect(el.style.getPropertyValue("--yk-primary")).toBe("#0B5FFF");
    expect(el.style.getPropertyValue("--yk-at")).toBe("#222222");
    expect(el.style.getPropertyValue("--yk-on-primary")).toBe("");
    expect(el.style.getPropertyValue("--yk-vb")).toBe("");
    paint(el, undefined);
    expect(el.style.getPropertyValue("--yk-primary")).toBe("");
  });

  it("puts titles and texts in the visitor's language as text, with the built-in text where the site set none", () => {
    const look = panelLook(EN, "en", "https://chat.example.cn");
    const title = document.createElement("h2");
    const got: Record<string, unknown> = {};
    const to = {
      title,
      list: { setLook: (w: string, a: string | null) => Object.assign(got, { welcome: w, avatar: a }) },
      leave: { setIntro: (s: string) => (got.offline = s) },
      ended: { setText: (s: string) => (got.ending = s) },
      queue: { setTexts: (b: string, w: string) => Object.assign(got, { busy: b, waiting: w }) },
    };
    look.apply(
      {
        branding: { title: { en: "<b>Desk</b>", ja: "窓口" }, company: "ACME <i>", logo: "/widget/assets/logo1", banner: "https://evil.example/b.png", avatar: "/widget/assets/av1" },
        texts: { warning: { en: "No passwords, please." }, welcome: { ja: "ようこそ" }, busy: { en: "All busy" } },
      },
      to,
    );
    expect(title.textContent).toBe("<b>Desk</b>");
    expect(title.children.length).toBe(0);
    expect(look.company.textContent).toBe("ACME <i>");
    expect(look.logo.getAttribute("src")).toBe("https://chat.example.cn/widget/assets/logo1");
    expect(look.banner.hidden).toBe(true); // another origin: never loaded
    expect(look.warning.textContent).toBe("No passwords, please.");
    expect(got).toEqual({ welcome: EN.welcome, avatar: "https://chat.example.cn/widget/assets/av1", offline: EN.leaveIntro, ending: "", busy: "All busy", waiting: "" });

    // A later config without branding: everything back to built-in.
    look.apply({}, to);
    expect(title.textContent).toBe(EN.title);
    expect(look.company.hidden).toBe(true);
    expect(look.logo.hidden).toBe(true);
    expect(look.warning.textContent).toBe("");
  });
});
