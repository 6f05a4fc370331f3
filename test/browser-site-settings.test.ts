import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Browser, Frame, Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { createTestApp, STRONG_PASSWORD } from "./harness.ts";

/**
 * The settings page in a real browser (M10): the preview frame runs the real widget code
 * (preview.js → entry and panel) on the draft while the admin edits, before anything is saved;
 * saving goes through the form with the error beside the field; no CSP violation anywhere.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function adminPage(base: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) => console.error(`csp ${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(base + "/login");
  await page.fill('input[name="username"]', "root");
  await page.fill('input[name="password"]', STRONG_PASSWORD);
  await Promise.all([page.waitForURL(/\/(console|admin)/), page.click('button[type="submit"]')]);
  return { page, problems };
}

/** The preview frame once its widget has drawn (the panel opens by itself in the preview). */
async function previewFrame(page: Page, draft: boolean): Promise<Frame> {
  const iframe = page.locator(draft ? "#preview-box iframe[src*='draft=']" : "#preview-box iframe");
  await iframe.waitFor();
  const frame = (await iframe.elementHandle())!.contentFrame();
  const f = (await frame)!;
  await f.locator("yingke-widget").waitFor({ state: "attached" });
  await f.waitForFunction(() => !!document.querySelector("yingke-widget")?.shadowRoot?.querySelector("section.p:not([hidden])"));
  return f;
}
const panelLang = (f: Frame) => f.evaluate(() => document.querySelector("yingke-widget")!.shadowRoot!.querySelector("section.p")!.getAttribute("lang"));

describe("site settings in a real browser", () => {
  it("previews a draft with the real widget, then saves it with errors shown beside the field", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    try {
      await t.createAgent("root", "admin");
      const site = t.services.sites.create({ name: "网上银行", allowed_origins: "http://bank.example.test", default_language: "zh-CN" }, { id: null, name: "test" });
      const { page, problems } = await adminPage(server.base);
      await page.goto(`${server.base}/admin/sites/${site.id}/settings/languages`);

      // Saved settings: the browser's English wins.
      expect(await panelLang(await previewFrame(page, false))).toBe("en");

      // Draft: English switched off → the preview falls back to the site's Chinese, unsaved.
      await page.getByLabel("English").uncheck();
      expect(await panelLang(await previewFrame(page, true))).toBe("zh-CN");
      expect(t.services.siteSettings.get(site.id, "languages")).toEqual({ followBrowser: true, enabled: ["zh-CN", "zh-TW", "en", "ja", "ko"] });

      // An invalid draft: the preview says why it did not change.
      await page.getByLabel("简体中文").uncheck();
      await page.locator("#preview-box .field-error").waitFor();
      expect(await page.textContent("#preview-box .field-error")).toContain("网站默认语言（简体中文）必须启用");

      // Saving it: refused beside the field, nothing written.
      await Promise.all([page.waitForLoadState("load"), page.click("#settings-form button[type=submit]")]);
      await page.locator("#err-lang_zhCN").waitFor();
      expect(await page.getAttribute('input[name="lang_zhCN"]', "aria-invalid")).toBe("true");

      await page.getByLabel("简体中文").check();
      await Promise.all([page.waitForURL(/done=saved/), page.click("#settings-form button[type=submit]")]);
      expect(await page.textContent(".notice")).toContain("已保存");
      expect(t.services.siteSettings.get(site.id, "languages")).toEqual({ followBrowser: true, enabled: ["zh-CN", "zh-TW", "ja", "ko"] });
      expect(await panelLang(await previewFrame(page, false))).toBe("zh-CN");
      // The refused save above is a 422 document, which Chromium reports as a failed load.
      expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    } finally {
      server.stop();
    }
  }, 90_000);
});
