import { BOM, csvLine, neutralise } from "../platform/csv.ts";
import { escapeHtml } from "../platform/html.ts";

/**
 * Streamed exports of a log (M3): CSV (RFC 4180, UTF-8 with BOM, formulas neutralised) or a
 * plain HTML table. Rows are pulled in small batches as the client reads, so a large log is
 * never held in memory. The SHA-256 of exactly the bytes sent and the row count are only known
 * at the end, so `done` runs after the last row and before the stream closes: a client that has
 * read the whole file knows the audit entry exists. A download that is cancelled halfway is
 * reported as incomplete, with what was sent by then.
 */
export type ExportFormat = "csv" | "html";

export interface ExportResult {
  rows: number;
  sha256: string;
  bytes: number;
  complete: boolean;
}

const BATCH = 200;

export function exportResponse(o: {
  format: ExportFormat; title: string; filename: string; header: string[]; rows: Iterable<string[]>; done: (r: ExportResult) => void;
}): Response {
  const encoder = new TextEncoder();
  const hasher = new Bun.CryptoHasher("sha256");
  const it = o.rows[Symbol.iterator]();
  let rows = 0;
  let bytes = 0;
  let finished = false;
  const cell = (c: string) => `<td>${escapeHtml(neutralise(c))}</td>`;
  const line = o.format === "csv" ? csvLine : (cells: string[]) => `<tr>${cells.map(cell).join("")}</tr>\n`;
  const head = o.format === "csv" ? BOM + csvLine(o.header)
    : `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(o.title)}</title></head><body>\n<table border="1">\n<thead><tr>${o.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>\n<tbody>\n`;
  const tail = o.format === "csv" ? "" : "</tbody>\n</table>\n</body></html>\n";

  const finish = (complete: boolean) => {
    if (finished) return;
    finished = true;
    o.done({ rows, sha256: hasher.digest("hex"), bytes, complete });
  };
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    if (!text) return;
    const chunk = encoder.encode(text);
    hasher.update(chunk);
    bytes += chunk.byteLength;
    controller.enqueue(chunk);
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      send(controller, head);
    },
    pull(controller) {
      let text = "";
      for (let i = 0; i < BATCH; i++) {
        const next = it.next();
        if (next.done) {
          send(controller, text + tail);
          finish(true);
          controller.close();
          return;
        }
        text += line(next.value);
        rows++;
      }
      send(controller, text);
    },
    cancel() {
      finish(false);
    },
  });

  const type = o.format === "csv" ? "text/csv; charset=utf-8" : "text/html; charset=utf-8";
  return new Response(stream, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${o.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      // The HTML export is a download; opened on our origin it must not run anything.
      "content-security-policy": "sandbox; default-src 'none'",
    },
  });
}

/** `yingke-login-log-20260203-040506.csv`: the server-local time of the export in the name. */
export function exportFilename(base: string, now: number, format: ExportFormat): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, "0");
  return `yingke-${base}-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.${format}`;
}
