import type { Server, ServerWebSocket } from "bun";
import { createOneOrManyMap } from "../platform/one-or-many.ts";

/**
 * Connections and topics for both transports. WebSocket connections use Bun's native topics
 * (no per-socket JavaScript sets: an idle visitor costs little memory); HTTP-stream connections
 * are kept in sets here. A frame that a connection cannot take closes that connection with 4008,
 * so the client reconnects and resumes by seq: slow clients are cut off, never silently skipped.
 * For native topics Bun does the same (closeOnBackpressureLimit).
 */
export interface Conn {
  /** Returns false when the frame did not go out. A string is a frame already serialized. */
  send(frame: ServerFrame): boolean;
  close(code: number, reason: string): void;
  /** The WebSocket behind the connection, whose native topics carry fan-out; none for HTTP streams. */
  readonly ws?: ServerWebSocket<unknown>;
}

export const CLOSE_TOO_SLOW = 4008;

/** A frame as an object, or as its JSON when it was built from cached parts (see visitor-session.ts). */
export type ServerFrame = object | string;
export const frameText = (frame: ServerFrame) => (typeof frame === "string" ? frame : JSON.stringify(frame));

/** Sends a frame on a WebSocket; false when it did not go out. */
export function sendOnWebSocket(ws: ServerWebSocket<unknown>, frame: ServerFrame): boolean {
  // 0: Bun dropped it; -1: queued under backpressure (Bun closes past the limit itself).
  return ws.send(frameText(frame)) !== 0;
}

/** A WebSocket as a Conn: one field and prototype methods, so idle sockets stay small. */
export class WsConn implements Conn {
  constructor(readonly ws: ServerWebSocket<unknown>) {}
  send(frame: ServerFrame): boolean {
    return sendOnWebSocket(this.ws, frame);
  }
  close(code: number, reason: string) {
    this.ws.close(code, reason);
  }
}

export function createHub() {
  // Each visitor has a topic of their own; a native topic per visitor costs more memory than
  // this map of (usually one) connection per visitor id.
  const visitorConns = createOneOrManyMap<number, Conn>();
  const streamTopics = new Map<string, Set<Conn>>();
  const streamMemberships = new Map<Conn, Set<string>>();
  let server: Pick<Server<unknown>, "publish" | "subscriberCount"> | null = null;

  function deliver(conn: Conn, frame: ServerFrame) {
    if (!conn.send(frame)) conn.close(CLOSE_TOO_SLOW, "too slow; reconnect and resume");
  }

  return {
    /** The listening server, whose native topics carry WebSocket fan-out. */
    attach(s: Pick<Server<unknown>, "publish" | "subscriberCount">) {
      server = s;
    },
    subscribe(conn: Conn, topic: string) {
      if (conn.ws) {
        conn.ws.subscribe(topic);
        return;
      }
      if (!streamTopics.has(topic)) streamTopics.set(topic, new Set());
      streamTopics.get(topic)!.add(conn);
      if (!streamMemberships.has(conn)) streamMemberships.set(conn, new Set());
      streamMemberships.get(conn)!.add(topic);
    },
    /** Native subscriptions end with the socket; stream ones are removed here. */
    unsubscribeAll(conn: Conn) {
      for (const t of streamMemberships.get(conn) ?? []) {
        const set = streamTopics.get(t);
        set?.delete(conn);
        if (set && set.size === 0) streamTopics.delete(t);
      }
      streamMemberships.delete(conn);
    },
    publish(topic: string, frame: object) {
      const subscribers = streamTopics.get(topic);
      if (server && server.subscriberCount(topic) > 0) server.publish(topic, JSON.stringify(frame));
      if (subscribers) for (const conn of [...subscribers]) deliver(conn, frame);
    },
    addVisitorConn: (visitorId: number, conn: Conn) => visitorConns.add(visitorId, conn),
    removeVisitorConn: (visitorId: number, conn: Conn) => visitorConns.delete(visitorId, conn),
    /** Every open channel of one visitor. */
    eachVisitorConn: (visitorId: number, fn: (conn: Conn) => void) => visitorConns.each(visitorId, fn),
    /** Every open visitor channel. */
    eachVisitorConnOfAll: (fn: (conn: Conn) => void) => visitorConns.eachOfAll(fn),
    /** Frames for one visitor: every tab (WebSocket or stream) of theirs. */
    toVisitor(visitorId: number, frame: object) {
      visitorConns.each(visitorId, (c) => deliver(c, frame));
    },
    /** Closes every channel of one visitor (a block that hides them). */
    closeVisitor(visitorId: number, code: number, reason: string) {
      visitorConns.each(visitorId, (c) => c.close(code, reason));
    },
    send: deliver,
    streamSubscribers: (topic: string) => streamTopics.get(topic)?.size ?? 0,
    /** Whether anyone would receive a frame on this topic (so nobody builds frames for no one). */
    hasSubscribers: (topic: string) => (streamTopics.get(topic)?.size ?? 0) > 0 || (server !== null && server.subscriberCount(topic) > 0),
  };
}
export type Hub = ReturnType<typeof createHub>;

export const topics = {
  site: (siteId: number) => `site:${siteId}`,
  agent: (agentId: number) => `agent:${agentId}`,
  /** Every connected agent: the queue, the visitor list. Later issues narrow this by group. */
  agents: "agents",
};
