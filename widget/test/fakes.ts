import type { ServerFrame } from "../src/frames.ts";

/** Minimal WebSocket / EventSource stand-ins driven by the test, recording what was sent. */
export class FakeWS {
  static all: FakeWS[] = [];
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closed = false;
  constructor(public url: string) {
    FakeWS.all.push(this);
  }
  send(s: string) {
    this.sent.push(JSON.parse(s));
  }
  close() {
    this.closed = true;
  }
  /** The server sends a frame. */
  push(f: ServerFrame | Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  /** The connection dies. */
  die() {
    this.closed = true;
    this.onclose?.({});
  }
}

export class FakeES {
  static all: FakeES[] = [];
  onmessage: ((e: { data: string }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  closed = false;
  constructor(public url: string) {
    FakeES.all.push(this);
  }
  close() {
    this.closed = true;
  }
  push(f: ServerFrame | Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  die() {
    this.onerror?.({});
  }
}

export const connected = (over: Record<string, unknown> = {}) => ({ type: "connected", visitorId: "v1", token: "tok1", online: true, language: "en", conversation: null, serverTime: 0, limits: { maxMessageLength: 5000, maxFileBytes: 1e6, allowedFileTypes: [] }, ...over });

export const tick = () => new Promise((r) => setTimeout(r, 2));
