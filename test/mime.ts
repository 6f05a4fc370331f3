/**
 * Just enough MIME reading for tests to check what a real mail server received: unfolded
 * headers, RFC 2047 encoded words, multipart bodies, base64 and quoted-printable, UTF-8.
 */
const decodeQP = (s: string) => {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
};

export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset, enc: string, data: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQP(data.replace(/_/g, " ")));
}

function split(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const enc = (headers.get("content-transfer-encoding") ?? "").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") return decodeQP(body);
  return body;
}

export interface ReadMail { subject: string; from: string; toHeader: string; text: string; html: string; headers: Map<string, string> }

export function readMail(raw: string): ReadMail {
  const { headers, body } = split(raw);
  const out: ReadMail = { subject: decodeWords(headers.get("subject") ?? ""), from: decodeWords(headers.get("from") ?? ""), toHeader: decodeWords(headers.get("to") ?? ""), text: "", html: "", headers };
  const walk = (h: Map<string, string>, b: string) => {
    const type = (h.get("content-type") ?? "text/plain").toLowerCase();
    const boundary = /boundary="?([^";]+)"?/i.exec(h.get("content-type") ?? "")?.[1];
    if (type.startsWith("multipart/") && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith("--")) break;
        const p = split(part.replace(/^\r?\n/, ""));
        walk(p.headers, p.body);
      }
    } else if (type.startsWith("text/html")) out.html += decodeBody(h, b);
    else if (type.startsWith("text/plain")) out.text += decodeBody(h, b);
  };
  walk(headers, body);
  return out;
}
