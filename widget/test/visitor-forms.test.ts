import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Bridge } from "../src/bridge.ts";
import type { ServerFrame } from "../src/frames.ts";
import { PANEL } from "../src/i18n/panel.ts";
import type { Lang } from "../src/lang.ts";
import { createPanel } from "../src/panel-app.ts";
import type { SiteConfig } from "../src/site-config.ts";
import type { Transport } from "../src/transport.ts";
import { useDom } from "./dom-env.ts";
import { connected } from "./fakes.ts";

useDom();
const t = PANEL.en;

let realSetInterval: typeof setInterval;
beforeAll(() => {
  realSetInterval = globalThis.setInterval;
  globalThis.setInterval = (() => 0) as unknown as typeof setInterval;
});
afterAll(() => {
  globalThis.setInterval = realSetInterval;
});

const texts = (en: string, zh = "") => ({ "zh-CN": zh, "zh-TW": "", en, ja: "", ko: "" });
const HOSTILE = `<img src=x onerror=alert(1)>`;

const PRECHAT: SiteConfig["prechat"] = {
  enabled: true,
  intro: texts("Tell us who you are"),
  fields: { name: { shown: true, required: true }, phone: { shown: false, required: false }, email: { shown: true, required: false }, company: { shown: false, required: false } },
  questionType: { shown: true, required: true, options: [{ id: "o1", label: texts("Buying", "售前") }, { id: "o2", label: texts(HOSTILE) }] },
  custom: [
    { id: "c1", label: texts("Order number"), type: "text", options: [], required: false },
    { id: "c2", label: texts("", "产品"), type: "select", options: ["A", "B"], required: true },
  ],
};

function setup(config: SiteConfig, o: { online?: boolean; lang?: Lang } = {}) {
  (document.activeElement as HTMLElement | null)?.blur?.();
  document.body.replaceChildren();
  const listeners: ((f: ServerFrame) => void)[] = [];
  const sent: Record<string, unknown>[] = [];
  const transport = { open: true, mode: "ws", on: (fn: (f: ServerFrame) => void) => (listeners.push(fn), () => true), send: (f: Record<string, unknown>) => (sent.push(f), true), start() {}, reconnect() {} } as unknown as Transport;
  const host = document.createElement("yingke-widget");
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  const lang = o.lang ?? "en";
  const bridge = { site: "S1", origin: "https://chat.example.com", root, transport, anchor: null, state: { online: o.online ?? true, connected: null, lang, vid: "v1", token: "tok", config }, attach() {}, changed() {} } as unknown as Bridge;
  const panel = createPanel(bridge);
  const push = (f: Record<string, unknown>) => listeners.forEach((fn) => fn(f as ServerFrame));
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  panel.replay([connected({ online: o.online ?? true, config }) as ServerFrame]);
  panel.open(true);
  const submit = () => $<HTMLFormElement>("form.fm").dispatchEvent(new Event("submit", { cancelable: true }));
  const errorOf = (el: Element) => root.getElementById(el.getAttribute("aria-describedby")!)!.textContent;
  return { panel, root, sent, push, $, submit, errorOf };
}

describe("pre-chat form", () => {
  it("comes before the first message, checks required fields and formats, then rides on the first send", () => {
    const s = setup({ prechat: PRECHAT });
    expect(s.$("form.fm h3").textContent).toBe(t.prechatTitle);
    expect(s.$("form.fm .intro").textContent).toBe("Tell us who you are");
    expect(s.root.querySelector("[name=phone]")).toBeNull();
    const qt = s.$<HTMLSelectElement>("select[name=questionType]");
    expect([...qt.options].map((o) => o.textContent)).toEqual([t.choose, "Buying", HOSTILE]);
    expect(s.root.querySelector("form img")).toBeNull();
    expect(s.$("select[name='custom.c2']").closest(".fd")!.querySelector("label")!.textContent).toBe("产品 *");
    s.$<HTMLInputElement>("[name=email]").value = "not-an-email";
    s.submit();
    expect(s.errorOf(s.$("[name=name]"))).toBe(t.required);
    expect(s.errorOf(s.$("[name=email]"))).toBe(t.badEmail);
    expect(s.errorOf(qt)).toBe(t.required);
    expect(s.root.activeElement?.getAttribute("name")).toBe("name");
    expect(s.root.querySelector(".cmp textarea")).toBeNull();

    s.$<HTMLInputElement>("[name=name]").value = " Wang ";
    s.$<HTMLInputElement>("[name=email]").value = "wang@example.cn";
    qt.value = "o1";
    s.$<HTMLSelectElement>("select[name='custom.c2']").value = "B";
    s.submit();
    expect(s.sent).toEqual([]); // nothing is sent until the visitor writes
    const ta = s.$<HTMLTextAreaElement>(".cmp textarea");
    expect(s.root.activeElement).toBe(ta);
    ta.value = "How much is it?";
    s.$<HTMLButtonElement>(".cmp .send").click();
    const first = s.sent.find((f) => f.type === "send")!;
    expect(first.prechat).toEqual({ name: "Wang", email: "wang@example.cn", questionType: "o1", custom: { c1: "", c2: "B" } });
    s.push({ type: "ack", cid: first.cid, conversationId: 9, seq: 1, id: 1, at: 0 });
    ta.value = "Hello?";
    s.$<HTMLButtonElement>(".cmp .send").click();
    expect(s.sent.filter((f) => f.type === "send")[1].prechat).toBeUndefined();
  });

  it("a refusal by the server shows the form again with the message by the field, and resends the message once corrected", () => {
    const s = setup({ prechat: { ...PRECHAT, custom: [] } });
    s.$<HTMLInputElement>("[name=name]").value = "Wang";
    s.$<HTMLSelectElement>("select[name=questionType]").value = "o2";
    s.submit();
    s.$<HTMLTextAreaElement>(".cmp textarea").value = "Hi";
    s.$<HTMLButtonElement>(".cmp .send").click();
    const first = s.sent.find((f) => f.type === "send")!;
    s.push({ type: "error", code: "invalid", cid: first.cid, field: "prechat.questionType", message: "choose one" });
    const qt = s.$<HTMLSelectElement>("select[name=questionType]");
    expect(qt.getAttribute("aria-invalid")).toBe("true");
    expect(s.errorOf(qt)).toBe(t.invalid);
    qt.value = "o1";
    s.submit();
    const again = s.sent.filter((f) => f.type === "send")[1];
    expect(again).toMatchObject({ cid: first.cid, body: "Hi", prechat: { name: "Wang", questionType: "o1" } });
  });

  it("a site without the form goes straight to the composer; a config frame turning it on applies to a fresh chat", () => {
    const s = setup({});
    expect(s.root.querySelector(".cmp textarea")).not.toBeNull();
    s.push({ type: "config", config: { prechat: PRECHAT } });
    expect(s.$("form.fm h3").textContent).toBe(t.prechatTitle);
  });

  it("labels follow the visitor's language, falling back to another when empty", () => {
    const s = setup({ prechat: PRECHAT }, { lang: "zh-CN" });
    expect([...s.$<HTMLSelectElement>("select[name=questionType]").options].map((o) => o.textContent).slice(1)).toEqual(["售前", HOSTILE]);
    expect(s.$("[name='custom.c1']").closest(".fd")!.querySelector("label")!.textContent).toBe("Order number");
  });
});

describe("quick tags", () => {
  it("show above the composer as text and send the question (or the label) as the visitor's message", () => {
    const s = setup({ quick_tags: { tags: [{ label: texts("Prices"), question: texts("How much does it cost?") }, { label: texts(HOSTILE), question: texts("") }, { label: texts(""), question: texts("orphan") }] } });
    const buttons = [...s.root.querySelectorAll<HTMLButtonElement>(".qt button")];
    expect(buttons.map((b) => b.textContent)).toEqual(["Prices", HOSTILE]);
    expect(s.$(".qt").getAttribute("aria-label")).toBe(t.quickTags);
    buttons[0].click();
    buttons[1].click();
    expect(s.sent.filter((f) => f.type === "send").map((f) => f.body)).toEqual(["How much does it cost?", HOSTILE]);
    expect([...s.root.querySelectorAll(".ml li")].some((li) => li.textContent?.includes("How much does it cost?"))).toBe(true);
  });
});

describe("satisfaction levels", () => {
  const satisfaction = { askAtEnd: true, levels: [{ value: 5, label: texts("Great"), commentRequired: false }, { value: 3, label: texts(""), commentRequired: false }, { value: 1, label: texts("Bad"), commentRequired: true }] };

  it("asked when a served chat ends, with the site's levels; a level that needs a comment gets one", () => {
    const s = setup({ satisfaction });
    s.push({ type: "conversation", id: 5, status: "active", agentName: "Li" });
    s.push({ type: "conversation", id: 5, status: "ended", agentName: "Li", endedBy: "agent" });
    expect([...s.root.querySelectorAll(".lvo label")].map((l) => l.textContent)).toEqual(["Great", t.level3, "Bad"]);
    s.$<HTMLInputElement>("#yk-lv1").checked = true;
    s.$(".lv").dispatchEvent(new Event("change", { bubbles: true }));
    const comment = s.$<HTMLTextAreaElement>("textarea[name=comment]");
    expect(comment.closest(".fd")!.querySelector("label")!.textContent).toBe(t.surveyCommentRequired);
    s.submit();
    expect(s.errorOf(comment)).toBe(t.commentNeeded);
    expect(s.sent.some((f) => f.type === "rating")).toBe(false);
    comment.value = "Too slow";
    s.submit();
    expect(s.sent.at(-1)).toEqual({ type: "rating", conversationId: 5, level: 1, comment: "Too slow" });
    s.push({ type: "rating_saved", conversationId: 5, level: 1 });
    expect(s.$(".ctr h3").textContent).toBe(t.ended);
  });

  it("not asked when the setting is off or nobody served the chat; the rate button uses the site's levels", () => {
    const s = setup({ satisfaction: { ...satisfaction, askAtEnd: false } });
    s.push({ type: "conversation", id: 6, status: "active", agentName: "Li" });
    s.push({ type: "conversation", id: 6, status: "ended", agentName: "Li", endedBy: "agent" });
    expect(s.root.querySelector(".lvo")).toBeNull();
    [...s.root.querySelectorAll<HTMLButtonElement>(".ctr button")].find((b) => b.textContent === t.rateChat)!.click();
    expect([...s.root.querySelectorAll(".lvo input")].map((i) => (i as HTMLInputElement).value)).toEqual(["5", "3", "1"]);
    const w = setup({ satisfaction });
    w.push({ type: "conversation", id: 7, status: "waiting", agentName: null });
    w.push({ type: "conversation", id: 7, status: "ended", agentName: null, endedBy: "visitor" });
    expect(w.root.querySelector(".lvo")).toBeNull();
  });
});

describe("leave form fields", () => {
  it("asks the site's fields with its intro and required marks, and checks them before sending", () => {
    const leave_form = { fields: { name: { shown: true, required: true }, phone: { shown: false, required: false }, email: { shown: true, required: false }, company: { shown: true, required: true } }, contactRequired: false, intro: texts("Write to the bank") };
    const s = setup({ leave_form }, { online: false });
    expect(s.$("form.fm .intro").textContent).toBe("Write to the bank");
    expect([...s.root.querySelectorAll("form.fm .fd label")].map((l) => l.textContent)).toEqual([`${t.name} *`, t.email, `${t.company} *`, `${t.content} *`]);
    s.$<HTMLTextAreaElement>("[name=content]").value = "Please call";
    s.submit();
    expect(s.errorOf(s.$("[name=name]"))).toBe(t.required);
    expect(s.errorOf(s.$("[name=company]"))).toBe(t.required);
    expect(s.sent.some((f) => f.type === "leave")).toBe(false);
    s.$<HTMLInputElement>("[name=name]").value = "Wang";
    s.$<HTMLInputElement>("[name=company]").value = "ACME";
    s.submit();
    expect(s.sent.find((f) => f.type === "leave")).toMatchObject({ name: "Wang", phone: "", email: "", company: "ACME", content: "Please call" });
  });
});
