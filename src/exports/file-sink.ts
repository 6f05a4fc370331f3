import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { createHash, type Hash } from "node:crypto";
import type { ByteSink } from "./writers/types.ts";

/**
 * The export file on disk: a write stream (created exclusively, readable only by the service
 * user) that hashes exactly the bytes it writes. `write` waits for "drain" when the stream's
 * buffer is full, which is the backpressure every writer relies on.
 */
export class FileSink implements ByteSink {
  private stream: WriteStream;
  private hash: Hash = createHash("sha256");
  private failed: Error | null = null;
  bytes = 0;
  /** The most bytes ever accepted but not yet handed to the operating system. */
  peakBuffered = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: "wx", mode: 0o600, highWaterMark: 256 * 1024 });
    this.stream.on("error", (err) => void (this.failed = err));
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
    const full = !this.stream.write(chunk);
    this.peakBuffered = Math.max(this.peakBuffered, this.stream.writableLength);
    if (full) await once(this.stream, "drain");
  }

  /** Flushes and closes the file; resolves with the SHA-256 of its bytes. */
  async close(): Promise<string> {
    if (this.failed) throw this.failed;
    this.stream.end();
    await once(this.stream, "close");
    if (this.failed) throw this.failed;
    return this.hash.digest("hex");
  }

  async destroy(): Promise<void> {
    if (this.stream.closed) return;
    const closed = once(this.stream, "close").catch(() => {});
    this.stream.destroy();
    await closed;
  }
}
