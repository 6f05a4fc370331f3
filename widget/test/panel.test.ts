import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Bridge, LoaderState } from "../src/bridge.ts";
import type { ServerFrame } from "../src/frames.ts";
import { PANEL } from "../src/i18n/panel.ts";
import { createPanel } from "../src/panel-app.ts";
import type { Transport } from "../src/transport.ts";
import { useDom } from "./dom-env.ts";
import { connected } from "./fakes.ts";

useDom();

let realSetInterval: typeof setInterval;
beforeAll(() => {
  realSetInterval = globalThis.setInterval;
  globalThis.setInterval = (() => 0) as unknown as typeof setInterval; // no watchdog timers
});
afterAll(() => {
  globalThis.setInterval = realSetInterval;
});

function setup(state: Partial<LoaderState> = {}) {
  const listeners: ((f: ServerFrame) => void)[] = [];
  const sent: Record<string, unknown>[] = [];
  const transport = {
    open: true,
    mode: "ws",
    on: (fn: (f: ServerFrame) => void) => (listeners.push(fn), () => true),
    send: (f: Record<string, unknown>) => (sent.push(f), true),
    start() {},
    reconnect() {},
  } as unknown as Transport;
  const host = document.createElement("yingke-widget");
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  const changes: [boolean, boolean | undefined][] = [];
  const bridge: Bridge = {
    site: "S1",
    origin: "https://chat.example.com",
    root,
    transport,
    state: { online: true, connected: null, lang: "en", vid: "v1", token: "tok", ...state },
    attach() {},
    changed: (o, f) => void changes.push([o, f]),
  };
  const panel = createPanel(bridge);
  const push = (f: Record<string, unknown>) => listeners.forEach((fn) => fn(f as ServerFrame));
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  return { panel, root, sent, push, changes, $, host };
}

const msg = (seq: number, over: Record<string, unknown> = {}) => ({ type: "message", conversationId: 3, seq, id: seq, cid: null, from: "agent", name: "Li", kind: "text", body: `m${seq}`, file: null, at: 1000, ...over });

describe("panel", () => {
  it("is a labelled non-modal dialog; resumes the open conversation from 0 when it holds nothing", () => {
    const s = setup();
    s.panel.replay([connected({ conversation: { id: 3, status: "active", lastSeq: 4, agentName: "Li" } }) as ServerFrame]);
    expect(s.sent).toEqual([{ type: "resume", conversationId: 3, lastSeq: 0 }]);
    s.panel.open(true);
    const dialog = s.$("[role=dialog]");
    expect(dialog.getAttribute("aria-modal")).toBe("false");
    expect(s.root.getElementById(dialog.getAttribute("aria-labelledby")!)!.textContent).toBe(PANEL.en.title);
    expect(s.root.activeElement?.tagName).toBe("TEXTAREA");
    expect(s.changes).toEqual([[true, undefined]]);
    expect(s.$(".sub").textContent).toBe("You're chatting with Li");
  });

  it("renders hostile message text as text, in seq order, without duplicates, and announces new ones", () => {
    const s = setup();
    s.panel.replay([connected({ conversation: { id: 3, status: "active", lastSeq: 2, agentName: "Li" } }) as ServerFrame]);
    s.panel.open(false);
    s.push(msg(2, { body: "<img src=x onerror=alert(1)> see https://example.com" }));
    s.push(msg(1, { body: "<script>alert(2)</script>" }));
    s.push(msg(2, { body: "duplicate" }));
    const items = [...s.root.querySelectorAll(".ml li .bb")];
    expect(items.map((b) => b.textContent)).toEqual(["<script>alert(2)</script>", "<img src=x onerror=alert(1)> see https://example.com"]);
    expect(s.root.querySelector(".ml script, .ml img")).toBeNull();
    expect(s.root.querySelector(".ml a")!.getAttribute("href")).toBe("https://example.com/");
    expect(s.$("[aria-live=polite]").textContent).toContain("New message from Li");
  });

  it("Enter sends with a cid (sending → sent on ack), Shift+Enter does not, a refusal offers Retry", () => {
    const s = setup();
    s.panel.replay([connected() as ServerFrame]);
    s.panel.open(true);
    const ta = s.$<HTMLTextAreaElement>("textarea");
    ta.value = "line one";
    ta.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", shiftKey: true, bubbles: true }));
    expect(s.sent.filter((f) => f.type === "send")).toHaveLength(0);
    ta.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    const send = s.sent.find((f) => f.type === "send")!;
    expect(send.body).toBe("line one");
    expect(typeof send.cid).toBe("string");
    expect(ta.value).toBe("");
    expect(s.$(".ml li.visitor .meta").textContent).toContain(PANEL.en.sending);
    s.push({ type: "ack", cid: send.cid, conversationId: 3, seq: 1, id: 1, at: 2000 });
    expect(s.$(".ml li.visitor").className).toContain("sent");

    ta.value = "second";
    ta.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    const second = s.sent.filter((f) => f.type === "send")[1];
    s.push({ type: "error", code: "too_long", cid: second.cid, field: "body", message: "too long" });
    const failed = s.$(".ml li.failed");
    expect(failed.textContent).toContain(PANEL.en.failed);
    failed.querySelector<HTMLButtonElement>("button.lk")!.click();
    const resent = s.sent.filter((f) => f.type === "send")[2];
    expect(resent).toEqual({ type: "send", cid: second.cid, body: "second" });
  });

  it("Escape closes the panel and asks the loader to return focus to the entry button", () => {
    const s = setup();
    s.panel.replay([connected() as ServerFrame]);
    s.panel.open(true);
    s.$("textarea").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(s.$("[role=dialog]").hidden).toBe(true);
    expect(s.changes.at(-1)).toEqual([false, true]);
  });

  it("offline with no conversation shows the leave-message form; an ack shows the thank-you view", () => {
    const s = setup({ online: false });
    s.panel.replay([connected({ online: false }) as ServerFrame]);
    s.panel.open(true);
    const form = s.$<HTMLFormElement>("form");
    form.querySelector<HTMLTextAreaElement>("[name=content]")!.value = "Call me";
    form.querySelector<HTMLInputElement>("[name=phone]")!.value = "13800138000";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    const leave = s.sent.find((f) => f.type === "leave")!;
    expect(leave).toMatchObject({ type: "leave", name: "", phone: "13800138000", email: "", content: "Call me" });
    s.push({ type: "error", code: "invalid", cid: leave.cid, field: "phone" });
    const phone = form.querySelector<HTMLInputElement>("[name=phone]")!;
    expect(phone.getAttribute("aria-invalid")).toBe("true");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    const again = s.sent.filter((f) => f.type === "leave")[1];
    expect(again.cid).toBe(leave.cid); // unchanged content: same cid, never a duplicate
    s.push({ type: "ack", cid: leave.cid, conversationId: 0, seq: 0, id: 9, at: 0 });
    expect(s.$(".ctr h3").textContent).toBe(PANEL.en.thanksTitle);
  });

  it("an ended conversation shows the ended screen with transcript download and print", () => {
    const s = setup();
    s.panel.replay([connected({ conversation: { id: 3, status: "active", lastSeq: 1, agentName: "Li" } }) as ServerFrame]);
    s.panel.open(true);
    s.push(msg(1));
    s.push({ type: "conversation", id: 3, status: "ended", agentName: "Li", endedBy: "agent" });
    const buttons = [...s.root.querySelectorAll(".ctr button")].map((b) => b.textContent);
    expect(buttons).toEqual([PANEL.en.transcript, PANEL.en.print, PANEL.en.newChat, PANEL.en.rateChat]);
  });
});
