import { invalid } from "../platform/errors.ts";
import { MAX_FOLDER_NAME, MAX_TEXT, MAX_TITLE, MAX_URL, SCOPES, SHORTCUT, type Scope } from "./model.ts";

/** Field checks shared by the API, the admin pages and the CSV import; each error names its field. */
export const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

export function checkScope(v: unknown): Scope {
  const s = str(v);
  if (!(SCOPES as readonly string[]).includes(s)) throw invalid("范围须为 company、group 或 personal / scope must be company, group or personal", "scope");
  return s as Scope;
}

export function checkTitle(v: unknown): string {
  const s = str(v).trim();
  if (!s || s.length > MAX_TITLE) throw invalid(`请填写标题（最多 ${MAX_TITLE} 字） / a title is required (${MAX_TITLE} characters at most)`, "title");
  return s;
}

export function checkText(v: unknown): string {
  const s = str(v).replace(/\r\n/g, "\n");
  if (!s.trim()) throw invalid("请填写内容 / the text is required", "text");
  if (s.length > MAX_TEXT) throw invalid(`内容最多 ${MAX_TEXT} 字 / the text has at most ${MAX_TEXT} characters`, "text");
  return s;
}

export function checkShortcut(v: unknown): string | null {
  const s = str(v).trim();
  if (!s) return null;
  if (!SHORTCUT.test(s)) throw invalid("快捷键须以 / 开头，后接最多 30 个字母、数字、_ 或 -，如 /hi / a shortcut is / then up to 30 letters, digits, _ or -, e.g. /hi", "shortcut");
  return s;
}

export function checkUrl(v: unknown): string {
  const s = str(v).trim();
  let url: URL | null = null;
  try {
    url = new URL(s);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname || s.length > MAX_URL) {
    throw invalid("链接须为 http:// 或 https:// 开头的完整网址 / the link must be a full http:// or https:// address", "url");
  }
  return url.href;
}

export function checkFolderName(v: unknown): string {
  const s = str(v).trim();
  if (!s || s.length > MAX_FOLDER_NAME) throw invalid(`请填写文件夹名称（最多 ${MAX_FOLDER_NAME} 字） / a folder name is required (${MAX_FOLDER_NAME} characters at most)`, "name");
  return s;
}

export function checkPosition(v: unknown): number | null {
  if (v === undefined || v === null || v === "") return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 99_999) throw invalid("排序须为 0–99999 的整数 / position must be a whole number 0–99999", "position");
  return n;
}

export function optionalId(v: unknown, field: string): number | null {
  if (v === undefined || v === null || v === "") return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw invalid(`${field} 无效 / ${field} is not valid`, field);
  return n;
}
