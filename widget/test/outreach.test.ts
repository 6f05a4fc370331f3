import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Bridge } from "../src/bridge.ts";
import type { ServerFrame } from "../src/frames.ts";
import { PANEL } from "../src/i18n/panel.ts";
import { outreach, pushableUrl } from "../src/outreach.ts";
import { createPanel } from "../src/panel-app.ts";
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

function setup() {
  // happy-dom keeps focus in an earlier test's (detached) shadow root otherwise.
  (document.activeElement as HTMLElement | null)?.blur?.();
  document.body.replaceChildren();
  const listeners: ((f: ServerFrame) => void)[] = [];
  const sent: Record<string, unknown>[] = [];
  const transport = { open: true, mode: "ws", on: (fn: (f: ServerFrame) => void) => (listeners.push(fn), () => true), send: (f: Record<string, unknown>) => (sent.push(f), true), start() {}, reconnect() {} } as unknown as Transport;
  const host = document.createElement("yingke-widget");
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  const changes: [boolean, boolean | undefined][] = [];
  const bridge: Bridge = { site: "S1", origin: "https://chat.example.com", root, transport, state: { online: true, connected: null, lang: "en", vid: "v1", token: "tok" }, attach() {}, changed: (o, f) => void changes.push([o, f]) };
  const panel = createPanel(bridge);
  const push = (f: Record<string, unknown>) => listeners.forEach((fn) => fn(f as ServerFrame));
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  return { panel, root, sent, push, changes, $ };
}

const HOSTILE = `<img src=x onerror=alert(1)>`;

describe("invitation in the panel", () => {
  it("shows who invites and their text as text, announced; Accept answers and moves focus to the input", () => {
    const s = setup();
    s.panel.replay([connected() as ServerFrame, { type: "invite", from: "agent", invitationId: 7, agentName: `Li ${HOSTILE}`, text: HOSTILE } as never]);
    s.panel.open(false);
    const group = s.$(".inv");
    expect(group.getAttribute("role")).toBe("group");
    expect(s.root.getElementById(group.getAttribute("aria-labelledby")!)!.textContent).toBe(`Li ${HOSTILE} would like to chat with you`);
    expect(group.querySelector("p")!.textContent).toBe(HOSTILE);
    expect(s.root.querySelector(".inv img")).toBeNull();
    expect(s.$("[aria-live=polite]").textContent).toBe(`Invitation from Li ${HOSTILE}: ${HOSTILE}`);
    const [accept, decline] = [...group.querySelectorAll("button")];
    expect([accept.textContent, decline.textContent]).toEqual([t.inviteAccept, t.inviteDecline]);
    accept.click();
    expect(s.sent.at(-1)).toEqual({ type: "invite_answer", invitationId: 7, accept: true });
    expect(s.root.activeElement?.tagName).toBe("TEXTAREA");
    expect(s.root.querySelector(".inv")).toBeNull();
  });

  it("Decline answers and closes the panel, returning focus to the entry button", () => {
    const s = setup();
    s.panel.replay([connected() as ServerFrame]);
    s.panel.open(false);
    s.push({ type: "invite", from: "agent", invitationId: 8, agentName: "Li", text: "" });
    expect(s.$(".inv p").textContent).toBe(t.inviteDefault);
    s.$<HTMLButtonElement>(".inv .btn.sec").click();
    expect(s.sent.at(-1)).toEqual({ type: "invite_answer", invitationId: 8, accept: false });
    expect(s.changes.at(-1)).toEqual([false, true]);
  });
});

describe("survey and info form in the panel", () => {
  it("survey: labelled levels from the catalogue, a level is required, the rating is sent, thanks after saving", () => {
    const s = setup();
    s.panel.replay([connected({ conversation: { id: 3, status: "active", lastSeq: 0, agentName: "Li" } }) as ServerFrame]);
    s.panel.open(true);
    s.push({ type: "survey", from: "agent", conversationId: 3, levels: [5, 4, 3, 2, 1].map((value) => ({ value, label: null })), comment: true });
    expect(s.$("fieldset legend").textContent).toBe(t.surveyTitle);
    const labels = [...s.root.querySelectorAll(".lvo label")].map((l) => l.textContent);
    expect(labels).toEqual([t.level5, t.level4, t.level3, t.level2, t.level1]);
    for (const input of s.root.querySelectorAll<HTMLInputElement>(".lvo input")) expect(s.root.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    // Focus was in the panel (the input), so it moves to the survey.
    expect(s.root.activeElement?.getAttribute("name")).toBe("level");
    const form = s.$<HTMLFormElement>("fieldset").closest("form")!;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(s.$("#yk-lve").textContent).toBe(t.chooseLevel);
    expect(s.sent.some((f) => f.type === "rating")).toBe(false);
    s.$<HTMLInputElement>("#yk-lv2").checked = true;
    form.querySelector("textarea")!.value = "  too slow  ";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(s.sent.at(-1)).toEqual({ type: "rating", conversationId: 3, level: 2, comment: "too slow" });
    s.push({ type: "rating_saved", conversationId: 3, level: 2 });
    expect(s.root.querySelector("fieldset")).toBeNull();
    expect(s.$(".bn").textContent).toBe(t.ratingThanks);
  });

  it("the ended screen offers the survey for the conversation that ended", () => {
    const s = setup();
    s.panel.replay([connected({ conversation: { id: 4, status: "active", lastSeq: 0, agentName: "Li" } }) as ServerFrame]);
    s.panel.open(true);
    s.push({ type: "conversation", id: 4, status: "ended", agentName: "Li", endedBy: "agent" });
    [...s.root.querySelectorAll<HTMLButtonElement>(".ctr button")].find((b) => b.textContent === t.rateChat)!.click();
    expect(s.root.activeElement?.getAttribute("name")).toBe("level");
    s.$<HTMLInputElement>("#yk-lv5").checked = true;
    s.$<HTMLFormElement>("fieldset").closest("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(s.sent.at(-1)).toEqual({ type: "rating", conversationId: 4, level: 5, comment: "" });
  });

  it("admin-configured labels are shown as given (as text)", () => {
    const s = setup();
    s.panel.replay([connected() as ServerFrame]);
    s.panel.open(false);
    s.push({ type: "survey", from: "agent", conversationId: 3, levels: [{ value: 5, label: "Great <b>" }, { value: 1, label: null }] });
    expect([...s.root.querySelectorAll(".lvo label")].map((l) => l.textContent)).toEqual(["Great <b>", t.level1]);
  });

  it("info form: name and a phone or email are required before anything is sent", () => {
    const s = setup();
    s.panel.replay([connected({ conversation: { id: 3, status: "active", lastSeq: 0, agentName: "Li" } }) as ServerFrame]);
    s.panel.open(false);
    s.push({ type: "info_form", from: "agent", conversationId: 3, fields: ["name", "phone", "email", "company"] });
    const form = s.$<HTMLFormElement>("form.fm");
    expect(form.querySelector("h3")!.textContent).toBe(t.infoTitle);
    const input = (n: string) => form.querySelector<HTMLInputElement>(`[name=${n}]`)!;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(input("name").getAttribute("aria-invalid")).toBe("true");
    expect(s.root.getElementById(input("phone").getAttribute("aria-describedby")!)!.textContent).toBe(t.contactRequired);
    expect(s.sent.some((f) => f.type === "info")).toBe(false);
    input("name").value = "Wang";
    input("email").value = "wang@example.com";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(s.sent.at(-1)).toEqual({ type: "info", name: "Wang", phone: "", email: "wang@example.com", company: "" });
    s.push({ type: "info_saved" });
    expect(s.$(".bn").textContent).toBe(t.infoThanks);
  });
});

describe("pushed page", () => {
  function bare() {
    const navigated: string[] = [];
    const banner = document.createElement("div");
    const o = outreach({ t, send: () => true, show() {}, close() {}, announce() {}, banner: (...n) => banner.replaceChildren(...n), focusInside: () => false, navigate: (u) => void navigated.push(u) });
    return { o, banner, navigated };
  }

  it("accepts only http(s) URLs", () => {
    expect(pushableUrl("https://shop.example.com/a?b=1")).toBe("https://shop.example.com/a?b=1");
    for (const bad of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", "mailto:a@b.c", "//evil.example", "nonsense"]) expect(pushableUrl(bad)).toBeNull();
  });

  it("asks first: the page opens only after Open; Cancel does nothing; javascript: is never offered", () => {
    const { o, banner, navigated } = bare();
    o.onFrame({ type: "push_url", conversationId: 3, url: "javascript:alert(1)" }, false);
    expect(banner.textContent).toBe("");
    o.onFrame({ type: "push_url", conversationId: 3, url: "https://shop.example.com/sizes" }, false);
    expect(banner.textContent).toContain(t.pushUrlTitle);
    expect(banner.querySelector(".url")!.textContent).toBe("https://shop.example.com/sizes");
    expect(navigated).toEqual([]);
    const [open, cancel] = [...banner.querySelectorAll("button")];
    expect([open.textContent, cancel.textContent]).toEqual([t.openPage, t.cancel]);
    cancel.click();
    expect(banner.textContent).toBe("");
    expect(navigated).toEqual([]);
    o.onFrame({ type: "push_url", conversationId: 3, url: "https://shop.example.com/sizes" }, false);
    banner.querySelector("button")!.click();
    expect(navigated).toEqual(["https://shop.example.com/sizes"]);
  });
});
