import { describe, expect, it } from "bun:test";
import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { parseCsv } from "../../platform/csv.ts";
import { columnName, MAX_CELL_CHARS, MAX_DATA_ROWS, sheetName, xlsxWriter, xmlText, type XlsxOptions } from "./xlsx.ts";
import { csvWriter } from "./csv.ts";
import type { ByteSink, TableWriter } from "./types.ts";

/** A sink that keeps every byte (these tables are small). */
function memorySink() {
  const chunks: Uint8Array[] = [];
  const sink: ByteSink = { write: async (c) => void chunks.push(c.slice()) };
  return { sink, bytes: () => Buffer.concat(chunks) };
}

async function write(make: (sink: ByteSink) => TableWriter, header: string[], rows: string[][]) {
  const m = memorySink();
  const w = make(m.sink);
  await w.begin(header);
  await w.rows(rows);
  await w.end();
  return m.bytes();
}

const xlsx = (o: Partial<XlsxOptions> = {}) => (sink: ByteSink) => xlsxWriter(sink, { title: "会话 Chats", now: Date.UTC(2026, 0, 2, 3, 4, 5), ...o });

async function readBook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1)) }));
}

describe("xlsx writer", () => {
  it("continues on a next sheet, header repeated, past the per-sheet row limit", async () => {
    expect(MAX_DATA_ROWS).toBe(1_048_575);
    const rows = Array.from({ length: 7 }, (_, i) => [`r${i + 1}`, `行${i + 1}`]);
    const book = await readBook(await write(xlsx({ maxRowsPerSheet: 3 }), ["A", "B"], rows));
    expect(book.map((s) => s.name)).toEqual(["会话 Chats", "会话 Chats (2)", "会话 Chats (3)"]);
    expect(book.map((s) => s.rows.length)).toEqual([4, 4, 2]);
    expect(book[1].rows).toEqual([["A", "B"], ["r4", "行4"], ["r5", "行5"], ["r6", "行6"]]);
    expect(book[2].rows).toEqual([["A", "B"], ["r7", "行7"]]);
  });

  it("writes a readable file when every ZIP64 structure is forced", async () => {
    const bytes = await write(xlsx({ zip64: "always" }), ["名称"], [["=SUM(1,2)"], ["中文"]]);
    // The ZIP64 end record and its locator sit before the classic end record.
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    const book = await readBook(bytes);
    expect(book[0].rows).toEqual([["名称"], ["=SUM(1,2)"], ["中文"]]);
  });

  it("stores each entry deflated with a data descriptor holding its CRC-32 and sizes", async () => {
    const bytes = await write(xlsx(), ["h"], [["v"]]);
    // The first local header: descriptor flag (bit 3) and UTF-8 names (bit 11), deflate, sizes zero.
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(6)).toBe(0x0808);
    expect(bytes.readUInt16LE(8)).toBe(8);
    expect(bytes.readUInt32LE(18)).toBe(0);
    const nameLength = bytes.readUInt16LE(26);
    expect(bytes.subarray(30, 30 + nameLength).toString()).toBe("xl/worksheets/sheet1.xml");
    const start = 30 + nameLength;
    const descriptor = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), start);
    const csize = bytes.readUInt32LE(descriptor + 8);
    expect(descriptor - start).toBe(csize);
    const xml = inflateRawSync(bytes.subarray(start, descriptor));
    expect(bytes.readUInt32LE(descriptor + 12)).toBe(xml.length);
    expect(bytes.readUInt32LE(descriptor + 4)).toBe(Bun.hash.crc32(xml));
    expect(xml.toString()).toContain('<c r="A2" s="2" t="inlineStr"><is><t>v</t></is></c>');
  });

  it("removes characters XML cannot hold, keeps CR, tab, emoji and Chinese, and cuts at Excel's cell limit", async () => {
    expect(xmlText("a\u0000b\u0008c\u000Bd\uFFFEe\uD800f")).toBe("abcdef");
    expect(xmlText("<b>&\r\n\t中文😀")).toBe("&lt;b&gt;&amp;&#13;\n\t中文😀");
    const long = "x".repeat(MAX_CELL_CHARS - 1) + "😀" + "tail";
    const book = await readBook(await write(xlsx(), ["h"], [[long], ["  spaced  "], ["a\u0001b"]]));
    const cell = book[0].rows[1][0] as string;
    expect(cell.length).toBe(MAX_CELL_CHARS - 1);
    expect(book[0].rows[2][0]).toBe("  spaced  ");
    expect(book[0].rows[3][0]).toBe("ab");
  });

  it("names columns and sheets as Excel requires", () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnName)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    expect(sheetName("a/b:c?[d]*e\\f", 1)).toBe("a b c  d  e f");
    expect(sheetName("长".repeat(40), 12)).toBe(`${"长".repeat(26)} (12)`);
    expect(sheetName(" ", 1)).toBe("Sheet");
  });
});

describe("csv writer", () => {
  it("opens with a BOM, ends lines with CRLF and reads back through the parser", async () => {
    const bytes = await write(csvWriter, ["名", "值"], [["a,b", 'say "hi"'], ["line\nbreak", "=cmd|' /C calc'!A0"]]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([["名", "值"], ["a,b", 'say "hi"'], ["line\nbreak", "'=cmd|' /C calc'!A0"]]);
  });
});
