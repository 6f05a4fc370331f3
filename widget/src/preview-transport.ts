import type { ServerFrame } from "./frames.ts";
import type { Transport } from "./transport.ts";

export interface PreviewData {
  config: Record<string, unknown>;
  online: boolean;
  language: string;
  entry?: unknown;
}

/**
 * A transport that talks to no server: the admin's preview frame shows the real entry and panel
 * on a draft config. `connected` comes from the page's data; a visitor's message is acknowledged
 * at once so the preview's composer behaves as it will for visitors; nothing leaves the frame.
 */
export function previewTransport(data: PreviewData): Transport {
  const listeners: ((f: ServerFrame) => void)[] = [];
  const emit = (f: unknown) => listeners.forEach((fn) => fn(f as ServerFrame));
  let seq = 0;
  return {
    open: true,
    mode: "ws",
    on(fn) {
      listeners.push(fn);
      return () => listeners.splice(listeners.indexOf(fn), 1);
    },
    send(f) {
      const frame = f as { type: string; cid?: string; body?: string };
      if (frame.type === "send" && frame.cid) {
        seq++;
        const at = Date.now();
        setTimeout(() => {
          emit({ type: "ack", cid: frame.cid, conversationId: 1, seq, id: seq, at });
          emit({ type: "message", conversationId: 1, seq, id: seq, cid: frame.cid, from: "visitor", name: null, kind: "text", body: frame.body ?? "", file: null, at });
        });
      }
      return true;
    },
    start() {
      setTimeout(() =>
        emit({
          type: "connected", visitorId: "preview", token: "preview", online: data.online, language: data.language, conversation: null,
          serverTime: Date.now(), limits: { maxMessageLength: 5000, maxFileBytes: 0, allowedFileTypes: [] }, config: data.config,
          ...(data.entry ? { entry: data.entry } : {}),
        }),
      );
    },
    reconnect() {},
  };
}
