import type { ChatMessage } from "./conversation.ts";
import { fmt, h, icon } from "./dom.ts";
import { fileUrl, formatSize } from "./files.ts";
import type { FileInfo } from "./frames.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import { I } from "./icons.ts";
import { linkify } from "./links.ts";

export interface ListDeps {
  t: PanelStrings;
  lang: string;
  origin: string;
  token: () => string | null;
  retry(cid: string): void;
  cancelUpload(cid: string): void;
}

/**
 * Draws the conversation (visitor right, agent left, system centred). Each message is a
 * keyed <li> rebuilt only when what it shows changes, so a long chat re-renders cheaply and
 * focus on a Retry button is not lost to unrelated updates. Text goes through linkify
 * (Text nodes and safe anchors only).
 */
export function messageList(d: ListDeps) {
  const { t } = d;
  const ol = h("ol", { class: "ml", "aria-label": t.messages });
  const welcomeText = h("div", { class: "bb" }, t.welcome);
  const welcome = h("div", { class: "m agent" }, welcomeText);
  let avatar: string | null = null; // V16: the site's agent avatar beside agent messages
  const scroller = h("div", { class: "sc", tabindex: "0", "aria-label": t.messages }, welcome, ol);
  const nodes = new Map<string, { li: HTMLLIElement; sig: string }>();
  const clock = (at: number) => new Date(at).toLocaleTimeString(d.lang, { hour: "2-digit", minute: "2-digit" });

  function fileNode(f: FileInfo) {
    const href = fileUrl(d.origin, f.url, d.token());
    // SVG is never drawn inline, not even as a thumbnail.
    const thumb = f.isImage && !/svg/i.test(f.mime || "") && fileUrl(d.origin, f.thumbUrl, d.token());
    const label = fmt(t.download, { name: f.name });
    if (href && thumb) {
      return h("a", { href, target: "_blank", rel: "noopener noreferrer", "aria-label": label }, h("img", { src: thumb, alt: f.name, loading: "lazy" }));
    }
    const inner = [icon(I.file), h("span", { class: "fn" }, f.name, h("small", null, formatSize(f.size || 0)))];
    return href ? h("a", { class: "fl", href, target: "_blank", rel: "noopener noreferrer", download: f.name, "aria-label": label }, ...inner) : h("span", { class: "fl" }, ...inner);
  }

  /** System messages carry a code ({"event": ...}) so each reader sees them in their own language. */
  function eventText(body: string): string {
    let e: { event?: string; name?: string; text?: string; step?: number; reason?: string; texts?: Record<string, string> } | null = null;
    try {
      e = JSON.parse(body);
    } catch {
      return body;
    }
    if (e?.event === "agent_joined") return fmt(t.agentJoined, { name: String(e.name ?? t.agent) });
    if (e?.event === "ended") return e.reason === "idle" ? t.endedIdle : t.ended;
    // V19: the site's own reminder in this language, or the built-in one.
    if (e?.event === "idle_prompt") return String(e.texts?.[d.lang] || (e.step === 2 ? t.idleSecond : t.idleFirst));
    // Newer events (transfer, three-way chat) carry their own bilingual text.
    return typeof e?.text === "string" ? e.text : "";
  }

  function draw(m: ChatMessage, showName: boolean, lastSent: boolean): HTMLLIElement {
    if (m.from === "system" || m.kind === "event") return h("li", { class: "m system" }, h("div", { class: "ev" }, eventText(m.body)));
    const li = h("li", { class: `m ${m.from === "visitor" ? "visitor" : "agent"} ${m.state}` });
    if (showName && avatar) li.append(h("img", { class: "avt", src: avatar, alt: "" }));
    if (showName) li.append(h("div", { class: "nm" }, m.name || t.agent));
    const bubble = h("div", { class: "bb" });
    if (m.upload) {
      const bar = h("i");
      bar.style.width = `${m.upload.progress}%`;
      const cancel = h("button", { type: "button", class: "lk" }, t.cancelUpload);
      cancel.addEventListener("click", () => d.cancelUpload(m.cid!));
      bubble.append(
        h("span", { class: "fl" }, icon(I.file), h("span", { class: "fn" }, m.upload.name)),
        h("span", { class: "prog", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": m.upload.progress, "aria-label": fmt(t.uploading, { name: m.upload.name, pct: m.upload.progress }) }, bar),
        cancel,
      );
    } else if (m.kind === "file" && m.file) {
      bubble.classList.add(m.file.isImage && m.file.thumbUrl ? "th" : "fb");
      bubble.append(fileNode(m.file));
    } else bubble.append(linkify(m.body));
    li.append(bubble);
    const meta = h("div", { class: "meta" }, h("time", null, clock(m.at)));
    if (m.state === "sending") meta.append(t.sending);
    else if (m.state === "failed") {
      const retry = h("button", { type: "button", class: "lk" }, t.retry);
      retry.addEventListener("click", () => d.retry(m.cid!));
      meta.append(h("span", { class: "err" }, t.failed), retry);
    } else if (lastSent) meta.append(t.sent);
    li.append(meta);
    return li;
  }

  return {
    el: scroller,
    render(msgs: ChatMessage[]) {
      const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
      let lastSent = -1;
      msgs.forEach((m, i) => m.from === "visitor" && m.state === "sent" && (lastSent = i));
      const seen = new Set<string>();
      msgs.forEach((m, i) => {
        const prev = msgs[i - 1];
        const showName = m.from === "agent" && (!prev || prev.from !== "agent" || prev.name !== m.name);
        const sig = [m.state, m.seq, showName, i === lastSent, m.upload?.progress, m.file?.url, m.body, avatar].join("|");
        let n = nodes.get(m.key);
        if (!n || n.sig !== sig) {
          const li = draw(m, showName, i === lastSent);
          n?.li.replaceWith(li);
          n = { li, sig };
          nodes.set(m.key, n);
        }
        seen.add(m.key);
        const at = ol.children[i];
        if (at !== n.li) ol.insertBefore(n.li, at || null);
      });
      for (const [k, n] of nodes)
        if (!seen.has(k)) {
          n.li.remove();
          nodes.delete(k);
        }
      if (atBottom) this.toBottom();
    },
    toBottom() {
      scroller.scrollTop = scroller.scrollHeight;
    },
    /** The site's welcome line (V16; the built-in one otherwise) and agent avatar; redrawn at the next render. */
    setLook(text: string, url: string | null) {
      welcomeText.textContent = text;
      avatar = url;
      scroller.classList.toggle("ha", !!url);
      welcome.querySelector(".avt")?.remove();
      if (url) welcome.prepend(h("img", { class: "avt", src: url, alt: "" }));
    },
  };
}
