/** Reads a text/event-stream response frame by frame, for tests of the HTTP fallback. */
export class SseClient {
  frames: any[] = [];
  private buffer = "";
  private waiters: { pred: (f: any) => boolean; resolve: (f: any) => void; reject: (e: Error) => void }[] = [];
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  done: Promise<void>;

  constructor(res: Response) {
    this.reader = res.body!.getReader();
    this.done = this.pump();
  }

  private async pump() {
    const decoder = new TextDecoder();
    for (;;) {
      const r = await this.reader.read().catch(() => ({ done: true, value: undefined }));
      if (r.done) break;
      this.buffer += decoder.decode(r.value, { stream: true });
      let i: number;
      while ((i = this.buffer.indexOf("\n\n")) >= 0) {
        const event = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        const data = event.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (!data) continue;
        const frame = JSON.parse(data);
        if (event.startsWith("event: close")) frame.type = "__close";
        this.frames.push(frame);
        for (const w of [...this.waiters]) if (w.pred(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    }
    for (const w of this.waiters.splice(0)) w.reject(new Error("stream ended"));
  }

  next(pred: (f: any) => boolean, what = "frame", timeoutMs = 5000): Promise<any> {
    const seen = this.frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)), reject: (e) => (clearTimeout(timer), reject(e)) });
    });
  }

  cancel() {
    return this.reader.cancel();
  }
}
