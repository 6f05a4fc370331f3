import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { createDelivery } from "../src/delivery.ts";
import type { ServerFrame } from "../src/frames.ts";
import { MAX_TRIES, Outbox } from "../src/outbox.ts";
import { createTransport, type Transport } from "../src/transport.ts";
import { backoff, fallbackPolicy, SHORT_LIVED_MS } from "../src/transport-policy.ts";
import { connected, FakeES, FakeWS, tick } from "./fakes.ts";

beforeEach(() => {
  FakeWS.all = [];
  FakeES.all = [];
});

const make = (over: Partial<Parameters<typeof createTransport>[0]> = {}) =>
  createTransport({
    origin: "https://chat.example.com",
    site: "S1",
    ident: () => ({ vid: "v1", token: null }),
    WebSocket: FakeWS as unknown as typeof WebSocket,
    EventSource: FakeES as unknown as typeof EventSource,
    delay: () => 0,
    ...over,
  });

describe("backoff", () => {
  it("grows exponentially, is capped, and is jittered to 50–100 % of the step", () => {
    expect(backoff(0, 1)).toBe(500);
    expect(backoff(0, 0)).toBe(250);
    expect(backoff(3, 1)).toBe(4000);
    expect(backoff(20, 1)).toBe(30_000);
    expect(backoff(5000, 0)).toBe(15_000);
    for (let a = 0; a < 12; a++) expect(backoff(a + 1, 0.5)).toBeGreaterThanOrEqual(backoff(a, 0.5));
  });
});

describe("fallback decision", () => {
  it("switches to SSE after two closes before `connected` in a row", () => {
    const p = fallbackPolicy("ws");
    expect(p.failedBeforeConnected()).toBe("ws");
    p.connected(); // a success in between resets the count
    expect(p.failedBeforeConnected()).toBe("ws");
    expect(p.failedBeforeConnected()).toBe("sse");
  });

  it("switches to SSE when the socket keeps dying soon after connecting", () => {
    const p = fallbackPolicy("ws");
    expect(p.dropped(1000)).toBe("ws");
    expect(p.dropped(SHORT_LIVED_MS + 1)).toBe("ws"); // a long life resets the count
    expect(p.dropped(10)).toBe("ws");
    expect(p.dropped(10)).toBe("ws");
    expect(p.dropped(10)).toBe("sse");
  });

  it("stays on SSE once there", () => {
    const p = fallbackPolicy("sse");
    p.connected();
    expect(p.dropped(1e9)).toBe("sse");
  });
});

describe("outbox", () => {
  it("resends unacknowledged frames in order after each reconnect, and gives up after MAX_TRIES", () => {
    const o = new Outbox();
    o.add({ type: "send", cid: "a", body: "1" });
    o.add({ type: "send", cid: "b", body: "2" });
    o.sent("a", 0);
    o.sent("b", 0);
    o.done("a");
    let r = o.reconnected();
    expect(r.resend.map((f) => f.cid)).toEqual(["b"]);
    for (let i = 1; i < MAX_TRIES; i++) {
      o.sent("b", 0);
      r = o.reconnected();
    }
    expect(r.resend).toEqual([]);
    expect(r.failed).toEqual(["b"]);
    expect(o.frame("b")).toBeUndefined();
  });
});

describe("transport", () => {
  it("connects by WebSocket with site, vid and token, and reports frames", async () => {
    const t = make({ ident: () => ({ vid: "v 1", token: "t&1" }) });
    const got: ServerFrame[] = [];
    t.on((f) => got.push(f));
    t.start();
    const ws = FakeWS.all[0];
    expect(ws.url).toBe("wss://chat.example.com/ws/visitor?site=S1&vid=v+1&token=t%261");
    expect(t.send({ type: "ping" })).toBe(false); // nothing goes out before `connected`
    ws.push(connected());
    expect(t.open).toBe(true);
    expect(t.send({ type: "typing", on: true })).toBe(true);
    expect(ws.sent).toEqual([{ type: "typing", on: true }]);
    expect(got.map((f) => f.type)).toEqual(["connected"]);
  });

  it("reconnects after a drop and tells listeners the channel went down", async () => {
    const t = make();
    const got: string[] = [];
    t.on((f) => got.push(f.type));
    t.start();
    FakeWS.all[0].push(connected());
    FakeWS.all[0].die();
    expect(t.open).toBe(false);
    await tick();
    expect(FakeWS.all).toHaveLength(2);
    FakeWS.all[1].push(connected());
    expect(got).toEqual(["connected", "_down", "connected"]);
  });

  it("falls back to SSE + POST when the socket closes before `connected` twice", async () => {
    const realFetch = globalThis.fetch;
    const posts: { url: string; init: RequestInit }[] = [];
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      posts.push({ url, init });
      const f = JSON.parse(String(init.body));
      return new Response(JSON.stringify(f.cid ? [{ type: "ack", cid: f.cid, conversationId: 1, seq: 1, id: 1, at: 0 }] : []), { headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    try {
      let remembered = 0;
      const t = make({ onSse: () => remembered++ });
      const got: ServerFrame[] = [];
      t.on((f) => got.push(f));
      t.start();
      FakeWS.all[0].die();
      await tick();
      FakeWS.all[1].die();
      await tick();
      expect(FakeWS.all).toHaveLength(2);
      expect(t.mode).toBe("sse");
      expect(remembered).toBe(1);
      const es = FakeES.all[0];
      expect(es.url).toBe("https://chat.example.com/rt/visitor/stream?site=S1&vid=v1");
      es.push(connected({ stream: "st9", token: "tokX" }));
      expect(t.open).toBe(true);
      t.send({ type: "send", cid: "c1", body: "hi" });
      await tick();
      expect(posts[0].url).toBe("https://chat.example.com/rt/visitor/frames?stream=st9&token=tokX");
      expect((posts[0].init.headers as Record<string, string>)["Content-Type"]).toBe("text/plain");
      expect(JSON.parse(String(posts[0].init.body))).toEqual({ type: "send", cid: "c1", body: "hi" });
      expect(got.map((f) => f.type)).toEqual(["connected", "ack"]); // POST replies reach listeners
      // SSE errors reconnect on our own schedule, with the current identity.
      es.die();
      expect(es.closed).toBe(true);
      await tick();
      expect(FakeES.all).toHaveLength(2);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it("a failed POST takes the channel down so the frame is resent after reconnecting", async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () => new Response("gone", { status: 404 })) as unknown as typeof fetch;
    try {
      const t = make({ sse: true });
      const got: string[] = [];
      t.on((f) => got.push(f.type));
      t.start();
      FakeES.all[0].push(connected({ stream: "s" }));
      t.send({ type: "send", cid: "c1", body: "x" });
      await tick();
      expect(got).toEqual(["connected", "_down"]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

/** A transport double for the delivery logic: records writes, open or closed at will. */
function fakeTransport() {
  const listeners: ((f: ServerFrame) => void)[] = [];
  const t = {
    open: false,
    mode: "ws" as const,
    written: [] as Record<string, unknown>[],
    reconnects: 0,
    on: (fn: (f: ServerFrame) => void) => (listeners.push(fn), () => true),
    send(f: Record<string, unknown>) {
      if (t.open) t.written.push(f);
      return t.open;
    },
    start() {},
    reconnect() {
      t.reconnects++;
    },
  };
  return t;
}

describe("delivery: resend unacknowledged frames after reconnect", () => {
  let realSetInterval: typeof setInterval;
  beforeEach(() => {
    realSetInterval = globalThis.setInterval;
    globalThis.setInterval = (() => 0) as unknown as typeof setInterval; // no watchdog timer in tests
  });
  afterEach(() => {
    globalThis.setInterval = realSetInterval;
  });

  it("sends cid frames made while down once connected, resends unacked ones with the same cid, stops after ack", () => {
    const t = fakeTransport();
    const failed: string[] = [];
    const d = createDelivery(t as unknown as Transport, (c) => failed.push(c));
    d.send({ type: "send", cid: "a", body: "first" });
    d.send({ type: "typing", on: true }); // ephemeral: dropped while down
    d.send({ type: "profile", name: "Wang" }); // no cid, but must not be lost
    expect(t.written).toEqual([]);
    t.open = true;
    d.handle(connected() as ServerFrame);
    expect(t.written).toEqual([{ type: "profile", name: "Wang" }, { type: "send", cid: "a", body: "first" }]);
    d.send({ type: "send", cid: "b", body: "second" });
    d.handle({ type: "ack", cid: "a", conversationId: 1, seq: 1, id: 1, at: 0 });
    // The channel dies and comes back: only the unacknowledged frame goes again, same cid.
    t.written = [];
    d.handle(connected() as ServerFrame);
    expect(t.written).toEqual([{ type: "send", cid: "b", body: "second" }]);
    expect(failed).toEqual([]);
  });

  it("reports a frame as failed after MAX_TRIES connections without an ack; a refusal is not resent", () => {
    const t = fakeTransport();
    t.open = true;
    const failed: string[] = [];
    const d = createDelivery(t as unknown as Transport, (c) => failed.push(c));
    d.send({ type: "send", cid: "x", body: "never acked" });
    d.send({ type: "send", cid: "y", body: "refused" });
    d.handle({ type: "error", code: "too_long", cid: "y", field: "body" });
    expect(d.pending("y")).toBe(false);
    for (let i = 1; i < MAX_TRIES; i++) d.handle(connected() as ServerFrame);
    expect(failed).toEqual([]);
    d.handle(connected() as ServerFrame);
    expect(failed).toEqual(["x"]);
    expect(t.written.filter((f) => f.cid === "x")).toHaveLength(MAX_TRIES);
    expect(t.written.filter((f) => f.cid === "y")).toHaveLength(1);
  });

  it("a rate-limited frame stays pending and is sent again when allowed", async () => {
    const t = fakeTransport();
    t.open = true;
    const d = createDelivery(t as unknown as Transport, () => {});
    d.send({ type: "send", cid: "r", body: "hi" });
    d.handle({ type: "error", code: "rate_limited", cid: "r", retryAfterMs: 1 });
    expect(d.pending("r")).toBe(true);
    await tick();
    await tick();
    expect(t.written.filter((f) => f.cid === "r")).toHaveLength(2);
  });

  it("with the real transport: after a reconnect, resume goes first, then the unacked frame with its cid", async () => {
    const t = make();
    const d = createDelivery(t, () => {});
    t.on((f) => {
      if (f.type === "connected") t.send({ type: "resume", conversationId: 5, lastSeq: 3 });
      d.handle(f);
    });
    t.start();
    FakeWS.all[0].push(connected());
    d.send({ type: "send", cid: "keep", body: "hello" });
    expect(FakeWS.all[0].sent.map((f) => f.type)).toEqual(["resume", "send"]);
    FakeWS.all[0].die();
    await tick();
    FakeWS.all[1].push(connected());
    expect(FakeWS.all[1].sent).toEqual([
      { type: "resume", conversationId: 5, lastSeq: 3 },
      { type: "send", cid: "keep", body: "hello" },
    ]);
  });
});
