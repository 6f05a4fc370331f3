/**
 * A realtime client for tests: collects every frame and lets a test wait for the frame it
 * expects (bounded, for readiness only; nothing asserts on time).
 */
export class FrameClient {
  frames: any[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: { pred: (f: any) => boolean; resolve: (f: any) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }[] = [];

  constructor(readonly ws: WebSocket) {
    ws.onmessage = (e) => this.push(JSON.parse(String(e.data)));
    ws.onclose = (e) => {
      this.closed = { code: e.code, reason: e.reason };
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new Error(`socket closed ${e.code} ${e.reason}`));
      }
    };
    ws.onerror = () => {};
  }

  push(frame: any) {
    this.frames.push(frame);
    for (const w of [...this.waiters]) {
      if (w.pred(frame)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(frame);
      }
    }
  }

  /** The first frame (already received or still to come) that matches. */
  next(pred: (f: any) => boolean, what = "frame", timeoutMs = 5000): Promise<any> {
    const seen = this.frames.find(pred);
    if (seen) return Promise.resolve(seen);
    if (this.closed) return Promise.reject(new Error(`socket closed ${this.closed.code} before ${what}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ pred, resolve, reject, timer });
    });
  }

  /** Waits for a frame that arrives after this call (ignores ones already received). */
  nextNew(pred: (f: any) => boolean, what = "frame", timeoutMs = 5000): Promise<any> {
    const start = this.frames.length;
    return this.next((f) => this.frames.indexOf(f) >= start && pred(f), what, timeoutMs);
  }

  send(frame: object) {
    this.ws.send(JSON.stringify(frame));
  }

  close() {
    this.ws.close();
  }

  static open(url: string, headers: Record<string, string>): Promise<FrameClient> {
    const client = new FrameClient(new WebSocket(url, { headers } as any));
    return client.next((f) => f.type === "connected", "connected frame").then(() => client);
  }
}

export const cid = () => `c${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
