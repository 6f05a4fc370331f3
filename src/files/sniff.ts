/**
 * File type checks by content. The extension a user gives and the bytes must agree: a script
 * renamed to .png, or an HTML page called .pdf, is refused. Text types have no magic number, so
 * they must be valid UTF-8 without NUL bytes.
 */
const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

interface Kind {
  mime: string;
  image: boolean;
  matches(b: Uint8Array): boolean;
}

function isUtf8Text(b: Uint8Array): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

export const KINDS: Record<string, Kind> = {
  png: { mime: "image/png", image: true, matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { mime: "image/jpeg", image: true, matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  jpeg: { mime: "image/jpeg", image: true, matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  gif: { mime: "image/gif", image: true, matches: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")) },
  webp: { mime: "image/webp", image: true, matches: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8) },
  bmp: { mime: "image/bmp", image: true, matches: (b) => startsWith(b, ascii("BM")) },
  pdf: { mime: "application/pdf", image: false, matches: (b) => startsWith(b, ascii("%PDF-")) },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", image: false, matches: (b) => startsWith(b, ZIP) },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", image: false, matches: (b) => startsWith(b, ZIP) },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", image: false, matches: (b) => startsWith(b, ZIP) },
  doc: { mime: "application/msword", image: false, matches: (b) => startsWith(b, OLE) },
  xls: { mime: "application/vnd.ms-excel", image: false, matches: (b) => startsWith(b, OLE) },
  ppt: { mime: "application/vnd.ms-powerpoint", image: false, matches: (b) => startsWith(b, OLE) },
  zip: { mime: "application/zip", image: false, matches: (b) => startsWith(b, ZIP) },
  rar: { mime: "application/vnd.rar", image: false, matches: (b) => startsWith(b, ascii("Rar!\x1a\x07")) },
  "7z": { mime: "application/x-7z-compressed", image: false, matches: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  txt: { mime: "text/plain", image: false, matches: isUtf8Text },
  csv: { mime: "text/csv", image: false, matches: isUtf8Text },
  // SVG can carry script: it is only ever served as a download, never shown inline.
  svg: { mime: "image/svg+xml", image: false, matches: (b) => isUtf8Text(b) && /<svg[\s>]/i.test(new TextDecoder().decode(b.subarray(0, 4096))) },
};

export const extensionOf = (name: string) => (/\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1] ?? "").toLowerCase();

/** The checked kind of an upload, or a reason it is refused. */
export function checkFile(name: string, bytes: Uint8Array, allowed: string[]): { ok: true; ext: string; kind: Kind } | { ok: false; reason: string } {
  const ext = extensionOf(name);
  if (!ext || !allowed.includes(ext)) return { ok: false, reason: `不允许的文件类型 / file type .${ext || "?"} is not allowed (allowed: ${allowed.join(", ")})` };
  const kind = KINDS[ext];
  if (!kind) return { ok: false, reason: `无法识别的文件类型 / .${ext} cannot be checked` };
  if (!kind.matches(bytes.subarray(0, ext === "txt" || ext === "csv" || ext === "svg" ? bytes.length : 64))) {
    return { ok: false, reason: `文件内容与扩展名 .${ext} 不符 / the file's content does not match .${ext}` };
  }
  return { ok: true, ext, kind };
}
