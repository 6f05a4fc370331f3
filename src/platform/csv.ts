/**
 * CSV as Excel and WPS read and write it (RFC 4180): comma-separated, fields quoted when they
 * hold a comma, quote or line break, quotes doubled, CRLF line ends, UTF-8 with a byte-order mark
 * so Chinese opens correctly.
 *
 * Formula injection: a cell that starts with = + - @, a tab or a carriage return would be run as
 * a formula by a spreadsheet, so on export it gets a leading apostrophe (shown as text by
 * Excel/WPS). On import one leading apostrophe before such a character is removed again, so an
 * exported file imports back to the same text.
 */
const DANGEROUS = /^[=+\-@\t\r]/;

export const neutralise = (cell: string) => (DANGEROUS.test(cell) ? `'${cell}` : cell);
export const restore = (cell: string) => (cell.startsWith("'") && DANGEROUS.test(cell.slice(1)) ? cell.slice(1) : cell);

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** The byte-order mark that opens every file we write (Excel needs it to read UTF-8). */
export const BOM = "\uFEFF";

/** One record, neutralised and quoted, with its CRLF: for writers that stream row by row. */
export const csvLine = (cells: string[]) => cells.map((c) => quote(neutralise(c))).join(",") + "\r\n";

export function toCsv(rows: string[][]): string {
  // An empty table is still one (empty) line, as before the writer learned to stream.
  return BOM + (rows.length ? rows.map(csvLine).join("") : "\r\n");
}

/** Parses CSV text into rows of cells; a quoted field may span lines. Throws on a stray quote. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  let line = 1;
  while (i < s.length) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < s.length && s[i] !== "," && s[i] !== "\r" && s[i] !== "\n") throw new Error(`line ${line}: text after a closing quote`);
        continue;
      }
      if (ch === "\n") line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cell !== "") throw new Error(`line ${line}: a quote inside an unquoted field`);
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += ch === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new Error(`line ${line}: a quoted field is not closed`);
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  // Blank lines (Excel adds them at the end) are not rows.
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}
