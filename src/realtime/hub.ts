/**
 * Connections and topics for both transports (WebSocket and the HTTP stream). A frame that a
 * connection cannot take (send returns false: dropped, or over the backpressure limit) closes
 * that connection with 4008, so the client reconnects and resumes by seq: slow clients are cut
 * off, never silently skipped.
 */
export interface Conn {
  readonly id: string;
  /** Returns false when the frame did not go out. */
  send(frame: object): boolean;
  close(code: number, reason: string): void;
}

export const CLOSE_TOO_SLOW = 4008;

export function createHub() {
  const topics = new Map<string, Set<Conn>>();
  const memberships = new Map<Conn, Set<string>>();

  function deliver(conn: Conn, frame: object) {
    if (!conn.send(frame)) conn.close(CLOSE_TOO_SLOW, "too slow; reconnect and resume");
  }

  return {
    subscribe(conn: Conn, topic: string) {
      if (!topics.has(topic)) topics.set(topic, new Set());
      topics.get(topic)!.add(conn);
      if (!memberships.has(conn)) memberships.set(conn, new Set());
      memberships.get(conn)!.add(topic);
    },
    unsubscribeAll(conn: Conn) {
      for (const t of memberships.get(conn) ?? []) {
        const set = topics.get(t);
        set?.delete(conn);
        if (set && set.size === 0) topics.delete(t);
      }
      memberships.delete(conn);
    },
    publish(topic: string, frame: object) {
      for (const conn of [...(topics.get(topic) ?? [])]) deliver(conn, frame);
    },
    send: deliver,
    subscribers: (topic: string) => topics.get(topic)?.size ?? 0,
    members: (topic: string) => [...(topics.get(topic) ?? [])],
  };
}
export type Hub = ReturnType<typeof createHub>;

export const topics = {
  visitor: (visitorId: number) => `visitor:${visitorId}`,
  site: (siteId: number) => `site:${siteId}`,
  agent: (agentId: number) => `agent:${agentId}`,
  /** Every connected agent: the queue, the visitor list. Later issues narrow this by group. */
  agents: "agents",
};
