import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Bridge } from "../src/bridge.ts";
import type { ServerFrame } from "../src/frames.ts";
import { PANEL } from "../src/i18n/panel.ts";
import { createPanel } from "../src/panel-app.ts";
import type { Transport } from "../src/transport.ts";
import { useDom } from "./dom-env.ts";
import { connected } from "./fakes.ts";

/** V24 in the panel: the list before the first message, live status, and the pick on the frames. */
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

function setup(entry: Record<string, unknown>) {
  const listeners: ((f: ServerFrame) => void)[] = [];
  const sent: Record<string, unknown>[] = [];
  const transport = { open: true, mode: "ws", on: (fn: (f: ServerFrame) => void) => (listeners.push(fn), () => true), send: (f: Record<string, unknown>) => (sent.push(f), true), start() {}, reconnect() {} } as unknown as Transport;
  const host = document.createElement("yingke-widget");
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  const bridge: Bridge = { site: "S1", origin: "https://chat.example.com", root, transport, state: { online: true, connected: null, lang: "en", vid: "v1", token: "tok" }, attach() {}, changed() {} };
  const panel = createPanel(bridge);
  const push = (f: Record<string, unknown>) => listeners.forEach((fn) => fn(f as ServerFrame));
  panel.replay([connected({ entry }) as ServerFrame]);
  panel.open(true);
  const options = () => [...root.querySelectorAll<HTMLButtonElement>("ul.eo button")];
  const write = (text: string) => {
    const ta = root.querySelector<HTMLTextAreaElement>("textarea")!;
    ta.value = text;
    ta.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    return sent.filter((f) => f.type === "send").at(-1)!;
  };
  return { root, sent, push, options, write };
}

const groups = (salesOnline: boolean) => ({ kind: "groups", options: [{ id: 1, name: "Support", online: false }, { id: 2, name: "Sales", online: salesOnline }] });

describe("entry choice", () => {
  it("lists the options with status, focused, and redraws them in place keeping focus", () => {
    const s = setup(groups(false));
    expect(s.root.querySelector(".fm h3")!.textContent).toBe(t.chooseGroup);
    expect(s.options().map((b) => b.textContent)).toEqual([`Support${t.optionOffline}`, `Sales${t.optionOffline}`]);
    expect(s.root.activeElement).toBe(s.options()[0]);
    s.options()[1].focus();
    s.push({ type: "entry", ...groups(true) });
    expect(s.options()[1].textContent).toBe(`Sales${t.optionOnline}`);
    expect(s.root.activeElement).toBe(s.options()[1]);
  });

  it("an online pick opens the composer and rides on the first send (and its retry) only", () => {
    const s = setup(groups(true));
    s.options()[1].click();
    expect(s.root.activeElement?.tagName).toBe("TEXTAREA");
    expect([...s.root.querySelectorAll(".cb")].map((b) => b.textContent).join()).toContain("You chose Sales.");
    const first = s.write("hello");
    expect(first).toMatchObject({ type: "send", body: "hello", groupId: 2 });
    s.push({ type: "error", code: "internal", cid: first.cid });
    s.root.querySelector<HTMLButtonElement>(".ml li.failed button.lk")!.click();
    expect(s.sent.filter((f) => f.type === "send").at(-1)).toMatchObject({ cid: first.cid, groupId: 2 });
    s.push({ type: "ack", cid: first.cid, conversationId: 7, seq: 1, id: 1, at: 1 });
    expect(s.write("second").groupId).toBeUndefined();
    expect(s.options()).toEqual([]);
  });

  it("an offline pick, or a pick that goes offline before writing, leads to the leave form; agents send agentId", () => {
    const s = setup(groups(true));
    s.options()[0].click();
    expect(s.root.querySelector("form.fm")).not.toBeNull();
    s.root.querySelector<HTMLButtonElement>(".cb button.lk")!.click();
    s.options()[1].click();
    expect(s.root.querySelector("textarea")).not.toBeNull();
    s.push({ type: "entry", ...groups(false) });
    expect(s.root.querySelector(".p form.fm h3")!.textContent).toBe(t.leaveTitle);

    const a = setup({ kind: "agents", options: [{ id: 5, name: "<b>Li</b>", online: true }] });
    expect(a.root.querySelector(".fm h3")!.textContent).toBe(t.chooseAgent);
    expect(a.root.querySelector("ul.eo b")).toBeNull();
    a.options()[0].click();
    expect(a.write("hi")).toMatchObject({ agentId: 5 });
    expect(a.write("hi again").groupId).toBeUndefined();
  });
});
