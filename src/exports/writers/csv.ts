import { BOM, csvLine } from "../../platform/csv.ts";
import { encoder, type ByteSink, type TableWriter } from "./types.ts";

/**
 * CSV as Excel and WPS read it (platform/csv.ts): UTF-8 with a byte-order mark, CRLF, RFC 4180
 * quoting, and cells starting with = + - @ tab or CR prefixed with an apostrophe.
 */
export function csvWriter(sink: ByteSink): TableWriter {
  return {
    begin: (header) => sink.write(encoder.encode(BOM + csvLine(header))),
    rows: (rows) => sink.write(encoder.encode(rows.map(csvLine).join(""))),
    end: async () => {},
    abort: () => {},
    peakBuffered: () => 0,
  };
}
