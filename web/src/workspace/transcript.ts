import { html, nothing, type TemplateResult } from "lit";
import { t } from "../lib/i18n.ts";
import type { Msg, Pending } from "./model.ts";

/**
 * One chat's messages as lit templates: text is always text (lit escapes it); links become
 * anchors only for http, https and mailto, opened with rel=noopener; images show as thumbnails
 * linking to the download, other files as download links.
 */
const URL_RE = /\b(?:https?:\/\/|mailto:)[^\s<>"'，。！？、）]+/gi;

export function linkify(text: string): (string | TemplateResult)[] {
  const out: (string | TemplateResult)[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const raw = m[0].replace(/[.,;:!?)\]]+$/, "");
    let ok = false;
    try {
      ok = ["http:", "https:", "mailto:"].includes(new URL(raw).protocol);
    } catch {
      ok = false;
    }
    if (!ok) continue;
    out.push(text.slice(last, m.index));
    out.push(html`<a href=${raw} target="_blank" rel="noopener noreferrer">${raw}</a>`);
    last = m.index! + raw.length;
  }
  out.push(text.slice(last));
  return out;
}

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const size = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

function eventText(body: string): string {
  try {
    const e = JSON.parse(body) as { event: string; name?: string; by?: string; text?: string };
    if (e.event === "agent_joined") return t("ws.agentJoined", { name: e.name ?? "" });
    if (e.event === "ended") return t(`ws.endedBy.${e.by ?? "system"}`);
    // Newer events (transfer, three-way chat) carry their own bilingual text.
    return typeof e.text === "string" ? e.text : e.event;
  } catch {
    return body;
  }
}

export function messageItem(m: Msg, visitorName: string) {
  if (m.kind === "event") return html`<li class="msg event" data-seq=${m.seq}>${eventText(m.body)}</li>`;
  const content =
    m.kind === "file" && m.file
      ? m.file.isImage && m.file.thumbUrl
        ? html`<a class="thumb" href=${m.file.url} download=${m.file.name} title=${m.file.name}><img src=${m.file.thumbUrl} alt=${m.file.name} loading="lazy"></a>`
        : html`<a class="file" href=${m.file.url} download=${m.file.name}>📎 ${m.file.name} <small>${size(m.file.size)}</small></a>`
      : linkify(m.body);
  return html`<li class="msg ${m.from} sent" data-seq=${m.seq} data-cid=${m.cid ?? nothing}>
    <div class="meta">${m.from === "agent" ? m.name || t("ws.you") : m.name || visitorName} · <time>${time(m.at)}</time></div>
    <div class="bubble">${content}</div>
  </li>`;
}

export function pendingItem(p: Pending, actions: { retry(): void; discard(): void }) {
  const progress = p.kind === "file" && p.state === "sending" ? html`<progress max="1" .value=${p.progress ?? 0}></progress>` : nothing;
  return html`<li class="msg agent ${p.state}" data-cid=${p.cid}>
    <div class="bubble">${p.kind === "file" ? html`📎 ${p.body}` : p.body}</div>
    <div class="state">
      ${p.state === "sending" ? html`${t("ws.sending")} ${progress} ${p.abort ? html`<button type="button" class="link cancel" @click=${() => p.abort?.()}>${t("ws.cancel")}</button>` : nothing}` : nothing}
      ${p.state === "failed"
        ? html`<span class="error">${t("ws.failed")}${p.error ? `: ${p.error}` : ""}</span>
            <button type="button" class="link retry" @click=${actions.retry}>${t("ws.retry")}</button>
            <button type="button" class="link" @click=${actions.discard}>${t("ws.discard")}</button>`
        : nothing}
    </div>
  </li>`;
}
