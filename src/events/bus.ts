/**
 * Typed in-process event bus. Domains publish only after their transaction has committed, so a
 * subscriber (realtime fan-out, notifications) never sees a change that could still roll back.
 * Later domains extend EventMap through declaration merging in their own model.ts.
 */
export interface EventMap {
  "agent.sessions_ended": { agentId: number; reason: string };
  "agent.changed": { agentId: number };
  /** A site's or a group's settings changed (widgets showing its entry choice follow, V24). */
  "site.changed": { siteId: number };
  "group.changed": { groupId: number };
  "settings.changed": { keys: string[] };
  "agent.password_changed": { agentId: number };
  "server.stopping": { reason: string };
  "visitor.updated": { siteId: number; visitorId: number };
  "visitor.gone": { siteId: number; visitorId: number };
  "agents.availability": { available: boolean };
}

type Handler<K extends keyof EventMap> = (payload: EventMap[K]) => void;

export interface EventBus {
  publish<K extends keyof EventMap>(type: K, payload: EventMap[K]): void;
  subscribe<K extends keyof EventMap>(type: K, handler: Handler<K>): () => void;
}

export function createEventBus(onHandlerError: (type: string, error: unknown) => void = () => {}): EventBus {
  const handlers = new Map<string, Set<Handler<any>>>();
  return {
    publish(type, payload) {
      for (const h of handlers.get(type) ?? []) {
        try {
          h(payload);
        } catch (e) {
          // A failing subscriber must not undo or block a committed change for the others.
          onHandlerError(type, e);
        }
      }
    },
    subscribe(type, handler) {
      if (!handlers.has(type)) handlers.set(type, new Set());
      handlers.get(type)!.add(handler);
      return () => handlers.get(type)!.delete(handler);
    },
  };
}
