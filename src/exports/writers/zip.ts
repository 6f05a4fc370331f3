import { createDeflateRaw, crc32, type DeflateRaw } from "node:zlib";
import { once } from "node:events";
import type { ByteSink } from "./types.ts";

/**
 * A streaming ZIP writer (APPNOTE 6.3) for the XLSX export: entries are deflated as they are
 * written (node:zlib, off the main thread), each followed by a data descriptor with its CRC-32
 * and sizes, since neither is known when the entry starts. Nothing is held beyond the streams'
 * buffers, so a multi-gigabyte sheet needs no more memory than a small one.
 *
 * ZIP64 is used where sizes need it: an entry of 4 GiB or more gets a 64-bit data descriptor and
 * a ZIP64 extra field in the central directory (as Go's archive/zip does, since the local header
 * is written before the size is known), and an archive whose directory lies beyond 4 GiB or holds
 * more than 65,535 entries ends with the ZIP64 end records. `zip64: "always"` forces every ZIP64
 * structure, so tests can prove readers accept them without writing 4 GiB.
 */
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAGS = 0x0008 | 0x0800; // sizes in a data descriptor; UTF-8 names

interface Written {
  name: Uint8Array;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

export interface ZipEntry {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export class ZipWriter {
  private offset = 0;
  private entries: Written[] = [];
  private current: DeflateRaw | null = null;
  private readonly time: number;
  private readonly date: number;

  constructor(private sink: ByteSink, private opts: { now: number; zip64?: "auto" | "always" }) {
    const d = new Date(opts.now);
    this.time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
    this.date = (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  }

  private out(chunk: Uint8Array) {
    this.offset += chunk.byteLength;
    return this.sink.write(chunk);
  }

  /** The most bytes ever waiting inside a deflate stream (both sides): the memory bound. */
  peakBuffered = 0;

  /** Starts an entry; write its bytes, then close it before the next one. */
  async open(path: string): Promise<ZipEntry> {
    if (this.current) throw new Error("zip: the previous entry is still open");
    const name = new TextEncoder().encode(path);
    const offset = this.offset;
    const h = new Header(30 + name.length);
    h.u32(0x04034b50).u16(20).u16(FLAGS).u16(8).u16(this.time).u16(this.date).u32(0).u32(0).u32(0).u16(name.length).u16(0).bytes(name);
    await this.out(h.buf);

    const z = createDeflateRaw({ level: 6, chunkSize: 64 * 1024 });
    this.current = z;
    let crc = 0;
    let usize = 0;
    let csize = 0;
    let failed: Error | null = null;
    // Compressed output goes to the sink in order; the stream pauses while the sink is full.
    let lastWrite: Promise<void> = Promise.resolve();
    z.on("data", (chunk: Buffer) => {
      csize += chunk.byteLength;
      z.pause();
      lastWrite = this.out(chunk).then(() => void z.resume(), (err) => void z.destroy(err));
    });
    const ended = new Promise<void>((resolve, reject) => {
      z.once("end", resolve);
      z.once("error", (err) => reject((failed = err)));
    });
    ended.catch(() => {});

    return {
      write: async (data) => {
        if (failed) throw failed;
        crc = crc32(data, crc);
        usize += data.byteLength;
        const full = !z.write(data);
        this.peakBuffered = Math.max(this.peakBuffered, z.writableLength + z.readableLength);
        if (full) await Promise.race([once(z, "drain"), ended]);
      },
      close: async () => {
        z.end();
        await ended;
        await lastWrite;
        this.current = null;
        const big = usize >= MAX32 || csize >= MAX32 || this.opts.zip64 === "always";
        const d = new Header(big ? 24 : 16);
        d.u32(0x08074b50).u32(crc);
        if (big) d.u64(csize).u64(usize);
        else d.u32(csize).u32(usize);
        await this.out(d.buf);
        this.entries.push({ name, crc, csize, usize, offset });
      },
    };
  }

  /** A whole small entry at once (the workbook's parts). */
  async add(path: string, text: string) {
    const e = await this.open(path);
    await e.write(new TextEncoder().encode(text));
    await e.close();
  }

  /** Writes the central directory and the end records. */
  async finish() {
    const always = this.opts.zip64 === "always";
    const start = this.offset;
    for (const e of this.entries) {
      const u = always || e.usize >= MAX32;
      const c = always || e.csize >= MAX32;
      const o = always || e.offset >= MAX32;
      const extra = (u ? 8 : 0) + (c ? 8 : 0) + (o ? 8 : 0);
      const extraLen = extra ? 4 + extra : 0;
      const version = extra ? 45 : 20;
      const h = new Header(46 + e.name.length + extraLen);
      h.u32(0x02014b50).u16(version).u16(version).u16(FLAGS).u16(8).u16(this.time).u16(this.date).u32(e.crc)
        .u32(c ? MAX32 : e.csize).u32(u ? MAX32 : e.usize).u16(e.name.length).u16(extraLen).u16(0).u16(0).u16(0).u32(0)
        .u32(o ? MAX32 : e.offset).bytes(e.name);
      if (extra) {
        // The ZIP64 extra field holds only the values that overflowed, in this order.
        h.u16(0x0001).u16(extra);
        if (u) h.u64(e.usize);
        if (c) h.u64(e.csize);
        if (o) h.u64(e.offset);
      }
      await this.out(h.buf);
    }
    const size = this.offset - start;
    const count = this.entries.length;
    const zip64 = always || count > MAX16 || size >= MAX32 || start >= MAX32;
    if (zip64) {
      const at = this.offset;
      const r = new Header(56 + 20);
      r.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(count).u64(count).u64(size).u64(start);
      r.u32(0x07064b50).u32(0).u64(at).u32(1);
      await this.out(r.buf);
    }
    const end = new Header(22);
    end.u32(0x06054b50).u16(0).u16(0)
      .u16(zip64 ? MAX16 : count).u16(zip64 ? MAX16 : count).u32(zip64 ? MAX32 : size).u32(zip64 ? MAX32 : start).u16(0);
    await this.out(end.buf);
  }

  abort() {
    this.current?.destroy();
    this.current = null;
  }
}

/** Little-endian record builder. */
class Header {
  readonly buf: Uint8Array;
  private view: DataView;
  private at = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  u16(v: number) {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number) {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(v: number) {
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  bytes(b: Uint8Array) {
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }
}
