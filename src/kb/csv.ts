/** The knowledge base's CSV: the generic writer and parser live in platform (log exports use them too). */
export { neutralise, parseCsv, restore, toCsv } from "../platform/csv.ts";
