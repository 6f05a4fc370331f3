import { ZipWriter, type ZipEntry } from "./zip.ts";
import { encoder, type ByteSink, type TableWriter, type WriterOptions } from "./types.ts";

/**
 * XLSX written by our own streaming writer (no spreadsheet library): a ZIP (zip.ts) holding the
 * smallest workbook Excel, WPS and LibreOffice open. Every cell is an inline string
 * (`t="inlineStr"`), so nothing is ever a formula or a number, whatever it starts with; the cells
 * also carry the text number format with quotePrefix, so editing a cell like "=1+1" in Excel
 * keeps it text. Characters XML cannot hold are removed. Excel allows 1,048,576 rows per sheet:
 * after 1,048,575 data rows the table continues on a next sheet with the header repeated, and a
 * cell holds at most 32,767 characters (longer text is cut there, as Excel would refuse it).
 */
export const MAX_DATA_ROWS = 1_048_575;
export const MAX_CELL_CHARS = 32_767;

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// XML 1.0 characters: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (lone surrogates out).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };

/** Text as XML character data: invalid characters removed, markup escaped, CR kept as a reference. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, "").replace(/[&<>\r]/g, (c) => XML_ESC[c]);
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** At most MAX_CELL_CHARS UTF-16 units, never cutting a surrogate pair in half. */
function clip(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const end = /[\uD800-\uDBFF]/.test(text[MAX_CELL_CHARS - 1]) ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS;
  return text.slice(0, end);
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique, never blank. */
export function sheetName(title: string, n: number): string {
  const base = title.replace(/[:\\/?*[\]]/g, " ").trim() || "Sheet";
  const suffix = n > 1 ? ` (${n})` : "";
  return base.slice(0, 31 - suffix.length) + suffix;
}

const STYLES = `${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" quotePrefix="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

export interface XlsxOptions extends WriterOptions {
  /** Data rows per sheet (tests lower it to see the continuation). */
  maxRowsPerSheet?: number;
  zip64?: "auto" | "always";
}

export function xlsxWriter(sink: ByteSink, o: XlsxOptions): TableWriter {
  const zip = new ZipWriter(sink, { now: o.now, zip64: o.zip64 });
  const perSheet = o.maxRowsPerSheet ?? MAX_DATA_ROWS;
  let header: string[] = [];
  let columns: string[] = [];
  let sheets = 0;
  let sheet: ZipEntry | null = null;
  let rowInSheet = 0; // the sheet's last written row number (1 is the header)

  const cells = (row: string[], r: number, style: number) => {
    let xml = `<row r="${r}">`;
    for (let i = 0; i < row.length; i++) {
      const text = clip(row[i] ?? "");
      if (text === "") continue;
      const col = columns[i] ?? (columns[i] = columnName(i));
      const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : "";
      xml += `<c r="${col}${r}" s="${style}" t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
    }
    return xml + "</row>";
  };

  async function openSheet() {
    sheets++;
    sheet = await zip.open(`xl/worksheets/sheet${sheets}.xml`);
    const width = Math.max(1, header.length);
    await sheet.write(encoder.encode(`${XML_HEAD}<worksheet xmlns="${NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols><col min="1" max="${width}" width="20" style="2" customWidth="1"/></cols><sheetData>${cells(header, 1, 1)}`));
    rowInSheet = 1;
  }
  async function closeSheet() {
    await sheet!.write(encoder.encode("</sheetData></worksheet>"));
    await sheet!.close();
    sheet = null;
  }

  return {
    async begin(h) {
      header = h;
      await openSheet();
    },
    async rows(rows) {
      let i = 0;
      while (i < rows.length) {
        if (rowInSheet - 1 >= perSheet) {
          await closeSheet();
          await openSheet();
        }
        const take = Math.min(rows.length - i, perSheet - (rowInSheet - 1));
        let xml = "";
        for (let k = 0; k < take; k++) xml += cells(rows[i + k], ++rowInSheet, 2);
        await sheet!.write(encoder.encode(xml));
        i += take;
      }
    },
    async end() {
      await closeSheet();
      const names = Array.from({ length: sheets }, (_, i) => sheetName(o.title, i + 1));
      await zip.add("xl/workbook.xml", `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${names.map((n, i) => `<sheet name="${xmlText(n).replaceAll('"', "&quot;")}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`);
      await zip.add("xl/_rels/workbook.xml.rels", `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`);
      await zip.add("xl/styles.xml", STYLES);
      await zip.add("_rels/.rels", `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
      await zip.add("[Content_Types].xml", `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}</Types>`);
      await zip.finish();
    },
    abort: () => zip.abort(),
    peakBuffered: () => zip.peakBuffered,
  };
}
