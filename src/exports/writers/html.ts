import { neutralise } from "../../platform/csv.ts";
import { escapeHtml } from "../../platform/html.ts";
import { encoder, type ByteSink, type TableWriter, type WriterOptions } from "./types.ts";

/**
 * A standalone HTML document holding one table. Every cell is escaped; cells are neutralised
 * like CSV because Excel and WPS also open HTML tables and would evaluate a leading "=". The
 * document's own CSP forbids scripts and remote loads even when it is opened from disk.
 */
export function htmlWriter(sink: ByteSink, o: WriterOptions): TableWriter {
  const cell = (c: string) => `<td>${escapeHtml(neutralise(c))}</td>`;
  const row = (cells: string[]) => `<tr>${cells.map(cell).join("")}</tr>\n`;
  return {
    begin: (header) => sink.write(encoder.encode(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(o.title)}</title>
<style>table{border-collapse:collapse;font:13px sans-serif}th,td{border:1px solid #999;padding:2px 6px;vertical-align:top;white-space:pre-wrap}th{background:#eee}</style>
</head><body>
<table>
<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
`)),
    rows: (rows) => sink.write(encoder.encode(rows.map(row).join(""))),
    end: () => sink.write(encoder.encode("</tbody>\n</table>\n</body></html>\n")),
    abort: () => {},
    peakBuffered: () => 0,
  };
}
