import type { Limits } from "./frames.ts";

/**
 * File sending (V11): the client-side checks against `connected.limits` (the server checks
 * again, by magic bytes), the upload (XMLHttpRequest, because fetch has no upload progress),
 * and the rule that every file URL we render points at the server's own origin.
 */
export type FileProblem = "fileTooBig" | "fileType";

const ext = (name: string) => {
  const i = name.lastIndexOf(".");
  return i > 0 ? name.slice(i + 1).toLowerCase() : "";
};

/**
 * `allowedFileTypes` entries may be extensions ("pdf", ".pdf") or MIME types ("image/png",
 * "image/*"); the protocol does not fix the form, so both are understood. An empty list
 * leaves the decision to the server.
 */
export function typeAllowed(name: string, mime: string, allowed: readonly string[] | null | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  const e = ext(name);
  const m = (mime || "").toLowerCase();
  return allowed.some((raw) => {
    const a = raw.trim().toLowerCase();
    if (a.includes("/")) return a.endsWith("/*") ? m.startsWith(a.slice(0, -1)) : m === a;
    return a.replace(/^\./, "") === e;
  });
}

export function checkFile(f: { name: string; size: number; type: string }, limits: Limits | null | undefined): FileProblem | null {
  if (limits?.maxFileBytes && f.size > limits.maxFileBytes) return "fileTooBig";
  if (!typeAllowed(f.name, f.type, limits?.allowedFileTypes)) return "fileType";
  return null;
}

export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * An absolute URL for a file the server named (absolute or relative), carrying the visitor
 * token (protocol: `GET /files/:id?token=…`). Anything pointing elsewhere is refused: the
 * widget never makes a request to a third party.
 */
export function fileUrl(origin: string, url: string | null | undefined, token: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, origin);
    if (u.origin !== origin) return null;
    if (token && !u.searchParams.has("token")) u.searchParams.set("token", token);
    return u.href;
  } catch {
    return null;
  }
}

export interface Uploaded {
  id: string | number;
  name: string;
  size: number;
  mime: string;
  isImage: boolean;
}

export interface Upload {
  done: Promise<Uploaded>;
  cancel(): void;
}

/** POST /rt/visitor/files?site=&token= (multipart field `file`), with progress and abort. */
export function upload(o: { origin: string; site: string; token: string; file: File; onProgress(pct: number): void }): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Uploaded>((resolve, reject) => {
    xhr.upload.onprogress = (e) => e.lengthComputable && o.onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === "object" && "id" in body) resolve(body as Uploaded);
      else reject(Object.assign(new Error("upload failed"), { status: xhr.status, body }));
    };
    xhr.onerror = () => reject(new Error("network"));
    xhr.onabort = () => reject(Object.assign(new Error("aborted"), { aborted: true }));
  });
  const q = new URLSearchParams({ site: o.site, token: o.token });
  xhr.open("POST", `${o.origin}/rt/visitor/files?${q}`);
  const form = new FormData();
  form.append("file", o.file, o.file.name);
  xhr.send(form);
  return { done, cancel: () => xhr.abort() };
}
