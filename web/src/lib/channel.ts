/**
 * The agent channel as seen by console features. The shell owns the WebSocket (connect,
 * reconnect, resume) and feeds every frame it receives into `emitFrame`; features subscribe by
 * frame type and never open sockets of their own, so one connection serves the whole console.
 */
type Frame = { type: string; [k: string]: unknown };
type Handler = (frame: any) => void;

const handlers = new Map<string, Set<Handler>>();
let sender: ((frame: Frame) => boolean) | null = null;

/** Subscribe to one frame type ("*" for all); returns the unsubscribe function. */
export function onFrame(type: string, handler: Handler): () => void {
  let set = handlers.get(type);
  if (!set) handlers.set(type, (set = new Set()));
  set.add(handler);
  return () => set!.delete(handler);
}

export function emitFrame(frame: Frame) {
  for (const h of handlers.get(frame.type) ?? []) h(frame);
  for (const h of handlers.get("*") ?? []) h(frame);
}

/** The shell installs the socket's send; false while disconnected (callers fall back or retry). */
export const setSender = (fn: ((frame: Frame) => boolean) | null) => void (sender = fn);
export const sendFrame = (frame: Frame): boolean => (sender ? sender(frame) : false);
