import { csvWriter } from "./csv.ts";
import { htmlWriter } from "./html.ts";
import { xlsxWriter } from "./xlsx.ts";
import type { ByteSink, TableWriter, WriterOptions } from "./types.ts";

export type ExportFormat = "csv" | "html" | "xlsx";

/** The three export formats: file extension, download content type and writer. */
export const FORMATS: Record<ExportFormat, { ext: string; contentType: string; create(sink: ByteSink, o: WriterOptions): TableWriter }> = {
  csv: { ext: "csv", contentType: "text/csv; charset=utf-8", create: (sink) => csvWriter(sink) },
  html: { ext: "html", contentType: "text/html; charset=utf-8", create: htmlWriter },
  xlsx: { ext: "xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", create: xlsxWriter },
};

export const isFormat = (v: unknown): v is ExportFormat => typeof v === "string" && Object.hasOwn(FORMATS, v);
