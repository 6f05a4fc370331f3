import type { ChatMessage } from "./conversation.ts";

/**
 * Transcript download and print (V14). The file is built as a string because it leaves the
 * page: every piece of text goes through escapeHtml, and the file carries a CSP that forbids
 * scripts and remote loads, so a hostile message is inert even if opened from disk.
 */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);

export interface TranscriptOptions {
  title: string;
  lang: string;
  messages: ChatMessage[];
  you: string;
  agent: string;
}

export function transcriptHtml(o: TranscriptOptions): string {
  const stamp = (at: number) => new Date(at).toLocaleString(o.lang);
  const rows = o.messages
    .filter((m) => m.state === "sent" || m.state === "sending")
    .map((m) => {
      const who = m.from === "visitor" ? o.you : m.from === "agent" ? m.name || o.agent : "";
      const text = m.kind === "file" && m.file ? `[${m.file.name}]` : m.body;
      return `<div class="m ${escapeHtml(m.from)}"><div class="w">${escapeHtml(who)} <time>${escapeHtml(stamp(m.at))}</time></div><div class="b">${escapeHtml(text)}</div></div>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="${escapeHtml(o.lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style>body{font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:720px;margin:2em auto;padding:0 1em;color:#1f2328}h1{font-size:1.3em}.m{margin:.8em 0}.w{font-weight:600;font-size:.85em;color:#57606a}.w time{font-weight:400}.b{white-space:pre-wrap;word-wrap:break-word}.system{text-align:center;color:#57606a;font-size:.9em}</style>
</head><body><h1>${escapeHtml(o.title)}</h1>
${rows}
</body></html>
`;
}

export function downloadTranscript(html: string, parent: Node) {
  const url = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `chat-${new Date().toISOString().slice(0, 10)}.html`;
  parent.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Prints only the transcript: a hidden, sandboxed iframe (no scripts run in it) holds the
 * escaped document and is printed by the parent, so the host page itself is never printed.
 */
export function printTranscript(html: string, parent: Node) {
  const f = document.createElement("iframe");
  f.setAttribute("sandbox", "allow-modals allow-same-origin");
  f.setAttribute("aria-hidden", "true");
  f.tabIndex = -1;
  f.style.cssText = "position:fixed;width:0;height:0;border:0;opacity:0";
  f.onload = () => {
    try {
      f.contentWindow?.print();
    } finally {
      setTimeout(() => f.remove(), 60_000);
    }
  };
  f.srcdoc = html;
  parent.appendChild(f);
}
