import { EXPORT_SOURCES } from "../src/exports/sources.ts";
import type { ExportSource } from "../src/exports/source.ts";

/**
 * Test-only export sources, registered beside the real ones for one test (the format and
 * permission tests use the real login_log source). `synthetic(n)` yields n generated rows
 * lazily, like a keyset query would; `n = Infinity` never ends, so only a cancel stops it.
 */
export function registerSource(source: ExportSource): () => void {
  EXPORT_SOURCES.push(source);
  return () => void EXPORT_SOURCES.splice(EXPORT_SOURCES.indexOf(source), 1);
}

export function synthetic(key: string, n: number, width = 400): ExportSource & { pulled: () => number } {
  let pulled = 0;
  const filler = "客服记录 record ".repeat(Math.ceil(width / 14)).slice(0, width);
  return {
    key, zh: "测试数据", en: "Test data", requires: [],
    pulled: () => pulled,
    open: () => ({
      header: ["编号 No.", "文字 Text", "公式 Formula"],
      total: Number.isFinite(n) ? n : null,
      rows: (function* () {
        for (let i = 1; i <= n; i++) {
          pulled++;
          yield [String(i), `${i} ${filler}`, i % 7 === 0 ? `=${i}+1` : `行 ${i}`];
        }
      })(),
    }),
  };
}
