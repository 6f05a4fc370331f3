import { describe, expect, it } from "bun:test";
import { createHub, CLOSE_TOO_SLOW, type Conn, type ServerFrame } from "./hub.ts";

function fakeConn(id: string, accept: () => boolean) {
  const got: ServerFrame[] = [];
  const closes: { code: number; reason: string }[] = [];
  const conn: Conn = { send: (f) => (accept() ? (got.push(f), true) : false), close: (code, reason) => void closes.push({ code, reason }) };
  return { conn, got, closes };
}

describe("hub", () => {
  it("delivers a topic's frames to its subscribers only", () => {
    const hub = createHub();
    const a = fakeConn("a", () => true);
    const b = fakeConn("b", () => true);
    hub.subscribe(a.conn, "visitor:1");
    hub.subscribe(b.conn, "visitor:2");
    hub.publish("visitor:1", { type: "message", n: 1 });
    expect(a.got).toEqual([{ type: "message", n: 1 }]);
    expect(b.got).toEqual([]);
  });

  it("closes a connection that cannot take a frame instead of skipping it", () => {
    const hub = createHub();
    let room = 2;
    const slow = fakeConn("slow", () => room-- > 0);
    const fast = fakeConn("fast", () => true);
    hub.subscribe(slow.conn, "agents");
    hub.subscribe(fast.conn, "agents");
    for (let i = 0; i < 3; i++) hub.publish("agents", { type: "visitor", i });
    expect(slow.got).toHaveLength(2);
    expect(slow.closes[0].code).toBe(CLOSE_TOO_SLOW);
    expect(fast.got).toHaveLength(3);
  });

  it("forgets a connection's topics when it goes", () => {
    const hub = createHub();
    const a = fakeConn("a", () => true);
    hub.subscribe(a.conn, "site:1");
    hub.subscribe(a.conn, "visitor:1");
    hub.unsubscribeAll(a.conn);
    expect(hub.streamSubscribers("site:1")).toBe(0);
    hub.publish("site:1", { type: "presence" });
    expect(a.got).toEqual([]);
  });
});
