import { describe, expect, it } from "bun:test";
import type { Page } from "playwright-core";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { C, consolePage } from "./console-page.ts";
import { browserSuite, openChat, sendFromWidget, until, visitorPage, W, widgetWorld, type WidgetWorld } from "./host-page.ts";

/**
 * The site's visitor forms in real Chromium, on a customer's page on another origin: the
 * pre-chat form routes the chat to the question type's group and the agent's console shows the
 * answers (V7); a three-level satisfaction scale with a required comment, asked when the chat
 * ends (V13); the leave form with the site's fields (M11); a quick tag sends its question (V21).
 */
const suite = browserSuite();
const actor = { id: null, name: "test" };
const F = "yingke-widget form.fm";

async function world() {
  const w = await widgetWorld();
  suite.cleanups.push(() => w.stop());
  return w;
}
/** Saves a section through the settings service (the admin pages are tested in test/visitor-forms.test.ts). */
const configure = (w: WidgetWorld, section: string, body: Record<string, string>) => w.t.services.siteSettings.update(w.site.id, section, body, actor);

async function visitorOnPage(w: WidgetWorld, entry: string = W.entryOnline) {
  const v = await visitorPage(suite.browser);
  suite.cleanups.push(() => v.context.close());
  await v.page.goto(w.host.url("/"));
  await v.page.locator(entry).waitFor({ state: "visible", timeout: 15_000 });
  return v;
}
const fieldError = (page: Page, name: string) =>
  page.locator(`${F} [name="${name}"]`).evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).getElementById(el.getAttribute("aria-describedby")!)!.textContent);

describe("the widget's visitor forms", () => {
  it("pre-chat form: required answers first, then the chat goes to the question type's group and the agent sees the answers", async () => {
    const w = await world();
    const s = w.t.services;
    const alice = s.agents.byUsername("alice")!;
    const sales = s.groups.create(actor, { name: "售前 Sales", position: 0, member_ids: [String(alice.id)] });
    s.groups.create(actor, { name: "售后 Support", position: 1, member_ids: [] });
    configure(w, "prechat", {
      enabled: "1", intro_en: "Tell us about <b>you</b>", name_shown: "1", name_required: "1", email_shown: "1",
      qt_shown: "1", qt_required: "1", qt_0_label_en: "Opening an account", qt_0_group: String(sales.id), qt_1_label_en: "Something else",
      cf_0_label_en: "Branch", cf_0_type: "select", cf_0_options: "Beijing\nShanghai", cf_0_shown: "1", cf_0_required: "1",
    });
    const agent = await w.agent();
    const { page, errors } = await visitorOnPage(w);
    await page.locator(W.entry).click();
    await page.locator(`${F} h3`, { hasText: EN.prechatTitle }).waitFor();
    expect(await page.locator(`${F} .intro`).textContent()).toBe("Tell us about <b>you</b>");
    expect(await page.locator(W.input).count()).toBe(0);

    // Nothing filled in: the required fields say so, focus goes to the first.
    await page.locator(`${F} button[type=submit]`).click();
    expect(await fieldError(page, "name")).toBe(EN.required);
    expect(await fieldError(page, "questionType")).toBe(EN.required);
    expect(await fieldError(page, "custom.c1")).toBe(EN.required);
    expect(await page.evaluate(() => document.querySelector("yingke-widget")!.shadowRoot!.activeElement?.getAttribute("name"))).toBe("name");

    await page.locator(`${F} [name=name]`).fill("王小明");
    await page.locator(`${F} [name=email]`).fill("wang@example");
    await page.locator(`${F} [name=questionType]`).selectOption({ label: "Opening an account" });
    await page.locator(`${F} [name="custom.c1"]`).selectOption("Shanghai");
    await page.locator(`${F} button[type=submit]`).click();
    expect(await fieldError(page, "email")).toBe(EN.badEmail);
    await page.locator(`${F} [name=email]`).fill("wang@example.cn");
    await page.locator(`${F} button[type=submit]`).click();
    await page.locator(W.input).waitFor({ state: "visible" });

    await sendFromWidget(page, "我想开户");
    const first = await agent.message((f) => f.body === "我想开户", "first message");
    expect(s.chat.get(first.conversationId)!.group_id).toBe(sales.id);
    await page.locator(`${W.visitorMessages}.sent`).waitFor();
    expect(s.visitors.get(first.visitorId)).toMatchObject({ name: "王小明", email: "wang@example.cn" });
    expect(errors).toEqual([]);

    // In alice's console the accepted chat's visitor panel shows the answers.
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    const console = await consolePage(suite.browser, w.base, "alice");
    suite.cleanups.push(() => console.context.close());
    await console.page.locator(`${C.tabs}[data-id="${first.conversationId}"]`).waitFor();
    const answers = console.page.locator("yk-chat-view yk-visitor-panel yk-prechat-answers");
    await answers.locator(".question-type").waitFor();
    expect(await answers.locator(".question-type").textContent()).toBe("Opening an account");
    expect(await answers.locator("dt").allTextContents()).toContain("Branch");
    expect(await answers.locator(".custom-answer").textContent()).toBe("Shanghai");
    expect(await console.page.locator("yk-chat-view yk-visitor-panel .visitor-name").textContent()).toBe("王小明");
    expect(console.problems).toEqual([]);
  }, 60_000);

  it("satisfaction: a three-level scale asked when the chat ends, with a comment required for the lowest", async () => {
    const w = await world();
    configure(w, "satisfaction", { ask_at_end: "1", l5_on: "1", l5_label_en: "Helpful", l3_on: "1", l3_label_en: "So-so", l1_on: "1", l1_label_en: "Not helpful", l1_comment: "1" });
    const agent = await w.agent();
    const { page, errors } = await visitorOnPage(w);
    await openChat(page);
    await sendFromWidget(page, "Can you help?");
    const first = await agent.message((f) => f.body === "Can you help?", "message");
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    await page.locator("yingke-widget .hd .sub", { hasText: "alice name" }).waitFor();
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/end`)).status).toBe(200);

    await page.locator("yingke-widget fieldset legend", { hasText: EN.surveyTitle }).waitFor();
    expect(await page.locator("yingke-widget .lvo label").allTextContents()).toEqual(["Helpful", "So-so", "Not helpful"]);
    await page.locator("yingke-widget .lvo label", { hasText: "Not helpful" }).click();
    await page.locator("yingke-widget .fd label", { hasText: EN.surveyCommentRequired }).waitFor();
    await page.locator(`${F} button[type=submit]`).click();
    expect(await fieldError(page, "comment")).toBe(EN.commentNeeded);
    expect(w.t.db.query("SELECT COUNT(*) AS n FROM conversation_ratings").get()).toEqual({ n: 0 });
    await page.locator(`${F} [name=comment]`).fill("I waited too long");
    await page.locator(`${F} button[type=submit]`).click();
    await page.locator(W.banner, { hasText: EN.ratingThanks }).waitFor();
    const alice = w.t.services.agents.byUsername("alice")!;
    expect(w.t.db.query("SELECT conversation_id, agent_id, level, comment FROM conversation_ratings").all()).toEqual([{ conversation_id: first.conversationId, agent_id: alice.id, level: 1, comment: "I waited too long" }]);
    // The agent is told at once.
    const told = await agent.ws.next((f) => f.type === "rating", "rating frame");
    expect(told).toMatchObject({ conversationId: first.conversationId, level: 1, comment: "I waited too long" });
    await page.locator(W.centred, { hasText: EN.ended }).waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it("leave form: the site's fields, intro and required marks", async () => {
    const w = await world();
    configure(w, "leave_form", { name_shown: "1", name_required: "1", email_shown: "1", company_shown: "1", company_required: "1", intro_en: "Our branch will call you back." });
    const { page, errors } = await visitorOnPage(w, W.entryOffline);
    await page.locator(W.entry).click();
    await page.locator(`${F} h3`, { hasText: EN.leaveTitle }).waitFor();
    expect(await page.locator(`${F} .intro`).textContent()).toBe("Our branch will call you back.");
    expect(await page.locator(`${F} .fd label`).allTextContents()).toEqual([`${EN.name} *`, EN.email, `${EN.company} *`, `${EN.content} *`]);
    expect(await page.locator(`${F} [name=phone]`).count()).toBe(0);
    await page.locator(`${F} [name=content]`).fill("Please call me about a loan");
    await page.locator(`${F} button[type=submit]`).click();
    expect(await fieldError(page, "name")).toBe(EN.required);
    expect(await fieldError(page, "company")).toBe(EN.required);
    await page.locator(`${F} [name=name]`).fill("Li Lei");
    await page.locator(`${F} [name=company]`).fill("Lei Trading");
    await page.locator(`${F} button[type=submit]`).click();
    await page.locator(W.centred, { hasText: EN.thanksTitle }).waitFor();
    expect(w.t.db.query("SELECT name, phone, email, company, content FROM leave_messages").all()).toEqual([{ name: "Li Lei", phone: "", email: "", company: "Lei Trading", content: "Please call me about a loan" }]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("quick tags: a click sends the tag's question as the visitor's message, and the agent receives it", async () => {
    const w = await world();
    const agent = await w.agent();
    const { page, errors } = await visitorOnPage(w);
    await openChat(page);
    // Tags configured while the panel is open arrive with the next `config` frame.
    configure(w, "quick_tags", { tag_0_label_en: "Opening hours", tag_0_question_en: "When are you open on weekends?", tag_1_label_en: "Fees" });
    const tags = page.locator("yingke-widget .qt button");
    await until(() => tags.allTextContents(), (t) => t.length === 2, "quick tags");
    expect(await tags.allTextContents()).toEqual(["Opening hours", "Fees"]);
    await tags.first().click();
    const m = await agent.message((f) => f.body === "When are you open on weekends?", "tag question");
    expect(m.from).toBe("visitor");
    await page.locator(`${W.visitorMessages}.sent`, { hasText: "When are you open on weekends?" }).waitFor();
    await tags.nth(1).click();
    await agent.message((f) => f.body === "Fees" && f.conversationId === m.conversationId, "label sent as the question");
    expect(errors).toEqual([]);
  }, 60_000);
});
