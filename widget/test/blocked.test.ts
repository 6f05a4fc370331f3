import { afterAll, beforeAll, beforeEach, describe, expect, it } from "bun:test";
import type { Bridge } from "../src/bridge.ts";
import type { ServerFrame } from "../src/frames.ts";
import { PANEL } from "../src/i18n/panel.ts";
import { createPanel } from "../src/panel-app.ts";
import { createTransport, type Transport } from "../src/transport.ts";
import { useDom } from "./dom-env.ts";
import { connected, FakeES, FakeWS, tick } from "./fakes.ts";

/** A11 in the widget: a hidden visitor's transport stays down; refuse-chat offers only the leave form. */
useDom();
let realSetInterval: typeof setInterval;
beforeAll(() => {
  realSetInterval = globalThis.setInterval;
  globalThis.setInterval = (() => 0) as unknown as typeof setInterval;
});
afterAll(() => {
  globalThis.setInterval = realSetInterval;
});
beforeEach(() => {
  FakeWS.all = [];
  FakeES.all = [];
});

describe("blocked visitor", () => {
  it("hide: the transport hands on the frame, then never reconnects (not on close, not on reconnect())", async () => {
    const t = createTransport({ origin: "https://chat.example.com", site: "S1", ident: () => ({ vid: "v1", token: null }), WebSocket: FakeWS as unknown as typeof WebSocket, EventSource: FakeES as unknown as typeof EventSource, delay: () => 0 });
    const got: string[] = [];
    t.on((f) => got.push(f.type));
    t.start();
    FakeWS.all[0].push({ type: "blocked", mode: "hide" });
    FakeWS.all[0].die();
    t.reconnect();
    await tick();
    await tick();
    expect(got).toEqual(["blocked"]);
    expect(FakeWS.all).toHaveLength(1);
    expect(FakeES.all).toHaveLength(0);
  });

  it("refuse chat: a polite notice and the leave form instead of the composer; lifted, chat again", () => {
    const listeners: ((f: ServerFrame) => void)[] = [];
    const transport = { open: true, mode: "ws", on: (fn: (f: ServerFrame) => void) => (listeners.push(fn), () => true), send: () => true, start() {}, reconnect() {} } as unknown as Transport;
    const host = document.createElement("yingke-widget");
    document.body.append(host);
    const root = host.attachShadow({ mode: "open" });
    const bridge: Bridge = { site: "S1", origin: "https://chat.example.com", root, transport, state: { online: true, connected: null, lang: "en", vid: "v1", token: "tok" }, attach() {}, changed() {} };
    const panel = createPanel(bridge);
    const push = (f: Record<string, unknown>) => listeners.forEach((fn) => fn(f as ServerFrame));
    panel.replay([connected({ blocked: "refuse_chat" }) as ServerFrame]);
    panel.open(false);
    expect(root.querySelector(".bn")!.textContent).toBe(PANEL.en.blocked);
    expect(root.querySelector("form.fm")).not.toBeNull();
    expect(root.querySelector(".cmp textarea")).toBeNull();
    push({ type: "unblocked" });
    expect(root.querySelector(".bn")!.textContent).toBe("");
    expect(root.querySelector(".cmp textarea")).not.toBeNull();
    push({ type: "blocked", mode: "refuse_chat" });
    expect(root.querySelector(".bn")!.textContent).toBe(PANEL.en.blocked);
    expect(root.querySelector(".cmp textarea")).toBeNull();
    // Every language has the notice.
    for (const strings of Object.values(PANEL)) expect(strings.blocked.length).toBeGreaterThan(5);
  });
});
