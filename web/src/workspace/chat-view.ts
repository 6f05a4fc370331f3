import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import { live } from "lit/directives/live.js";
import { repeat } from "lit/directives/repeat.js";
import { ShellElement } from "../shell/base.ts";
import { t } from "../lib/i18n.ts";
import { sendFrame } from "../lib/channel.ts";
import { getPrefs } from "../shell/prefs.ts";
import { workspace } from "./store.ts";
import { messageItem, pendingItem } from "./transcript.ts";
import "./capture.ts";
import type { YkCapture } from "./capture.ts";
import { isPickerKey } from "../features/kb/index.ts";

const composerText = new Map<number, string>();
/**
 * Chats whose transfer dialog has sent a request: it stays on screen until the agent closes it,
 * so the outcome shows even after the chat became the colleague's (read only here).
 */
const transferShown = new Set<number>();
/** Bumped when a transfer dialog is closed, so the chat's next one starts afresh. */
const transferRound = new Map<number, number>();

/**
 * One open chat: header with the feature elements' mount points, transcript, the visitor's
 * typing and live draft, and the composer (Enter or Ctrl+Enter, files by button, drag-and-drop,
 * pasted screenshots with a preview, screen region capture).
 * Properties: chatId. Listens for `yk-insert` {text} (inserts at the cursor), `yk-captured`, and the
 * transfer dialog's `yk-transfer-sent` / `yk-done` (keeps it open with its outcome, then resets it).
 * A guest of a three-way chat writes too, but neither transfers nor ends it.
 */
@customElement("yk-chat-view")
export class YkChatView extends ShellElement {
  @property({ type: Number }) chatId = 0;
  @state() private preview: { blob: Blob; url: string } | null = null;
  @state() private dragOver = false;
  /** The canned-reply picker (A13) opens over the composer on Ctrl+K or "/" in an empty composer. */
  @state() private pickerOpen = false;
  private typingOn = false;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private lastCount = -1;

  private get chat() {
    return workspace.chats.get(this.chatId) ?? null;
  }
  private get textarea() {
    return this.querySelector<HTMLTextAreaElement>("textarea.composer");
  }

  private off: (() => void) | null = null;

  override connectedCallback() {
    super.connectedCallback();
    this.off = workspace.changed.on(() => this.requestUpdate());
    this.addEventListener("yk-captured", (e) => this.showPreview((e as CustomEvent).detail.blob));
    this.addEventListener("yk-picker-close", () => this.closePicker());
    this.addEventListener("yk-transfer-sent", (e) => transferShown.add(Number((e as CustomEvent).detail?.conversationId)));
    this.addEventListener("yk-done", (e) => {
      const id = Number((e as CustomEvent).detail?.conversationId);
      transferShown.delete(id);
      transferRound.set(id, (transferRound.get(id) ?? 0) + 1);
      this.requestUpdate();
    });
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.off?.();
  }

  /** Inserts text at the composer's cursor (canned replies, pushed links). */
  insertText(text: string) {
    const ta = this.textarea;
    if (!ta) return;
    const start = ta.selectionStart ?? ta.value.length;
    const end = ta.selectionEnd ?? start;
    ta.value = ta.value.slice(0, start) + text + ta.value.slice(end);
    ta.selectionStart = ta.selectionEnd = start + text.length;
    composerText.set(this.chatId, ta.value);
    ta.focus();
  }

  focusComposer() {
    this.textarea?.focus();
  }

  private typing(on: boolean) {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = on ? setTimeout(() => this.typing(false), 3000) : null;
    if (on === this.typingOn) return;
    this.typingOn = on;
    sendFrame({ type: "typing", conversationId: this.chatId, on });
  }

  private onInput(e: Event) {
    const ta = e.target as HTMLTextAreaElement;
    composerText.set(this.chatId, ta.value);
    this.typing(ta.value.length > 0);
  }

  private openPicker() {
    this.pickerOpen = true;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>("yk-canned-picker")?.focus());
  }

  private closePicker() {
    if (!this.pickerOpen) return;
    this.pickerOpen = false;
    this.textarea?.focus();
  }

  private onKeydown(e: KeyboardEvent) {
    if (!e.isComposing && isPickerKey(e, (e.target as HTMLTextAreaElement).value)) {
      e.preventDefault();
      return this.openPicker();
    }
    if (e.key !== "Enter" || e.isComposing || e.shiftKey) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const sendWithEnter = getPrefs().sendKey === "enter";
    if (sendWithEnter ? !ctrl : ctrl) {
      e.preventDefault();
      this.send();
    } else if (ctrl) {
      // Ctrl+Enter does not type a newline by itself: make it one.
      e.preventDefault();
      this.insertText("\n");
    }
  }

  private send() {
    if (this.preview) return this.sendPreview();
    const ta = this.textarea;
    const text = ta?.value ?? "";
    if (!text.trim() || !this.chat) return;
    void workspace.send(this.chatId, text);
    ta!.value = "";
    composerText.set(this.chatId, "");
    this.typing(false);
    workspace.afterSend();
  }

  private onPaste(e: ClipboardEvent) {
    const item = [...(e.clipboardData?.items ?? [])].find((i) => i.kind === "file" && i.type.startsWith("image/"));
    const blob = item?.getAsFile();
    if (!blob) return;
    e.preventDefault();
    this.showPreview(blob);
  }

  private showPreview(blob: Blob) {
    if (this.preview) URL.revokeObjectURL(this.preview.url);
    this.preview = { blob, url: URL.createObjectURL(blob) };
  }

  private sendPreview() {
    const p = this.preview;
    if (!p) return;
    const ext = p.blob.type.split("/")[1]?.replace("jpeg", "jpg") || "png";
    void workspace.sendFile(this.chatId, p.blob, `screenshot-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.${ext}`);
    URL.revokeObjectURL(p.url);
    this.preview = null;
    workspace.afterSend();
  }

  private pickFiles(e: Event) {
    const input = e.target as HTMLInputElement;
    for (const f of input.files ?? []) void workspace.sendFile(this.chatId, f, f.name);
    input.value = "";
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragOver = false;
    if (this.chat?.readOnly || this.chat?.status === "ended") return;
    for (const f of e.dataTransfer?.files ?? []) void workspace.sendFile(this.chatId, f, f.name);
  }

  private async end() {
    if (confirm(t("ws.endConfirm"))) await workspace.end(this.chatId);
  }

  override willUpdate(changed: Map<string, unknown>) {
    // A pasted image belongs to the chat it was pasted in.
    if (changed.has("chatId") && this.preview) {
      URL.revokeObjectURL(this.preview.url);
      this.preview = null;
    }
  }

  override updated() {
    // Keep the newest message in view when something was added.
    const c = this.chat;
    const n = c ? c.messages.length + c.pending.length : 0;
    if (n !== this.lastCount) {
      this.lastCount = n;
      const list = this.querySelector(".transcript");
      if (list) list.scrollTop = list.scrollHeight;
    }
  }

  override render() {
    const c = this.chat;
    if (!c) return nothing;
    const prefs = getPrefs();
    const writable = !c.readOnly && c.status === "active";
    const owner = writable && !workspace.isGuest(c.id);
    // Also while read only: a guest who just left still hears the answer (it renders nothing for
    // agents not taking part).
    const invite = c.status === "active";
    const name = workspace.visitorName(c.visitorId);
    return html`<section class="chat" aria-label=${name}
        @dragover=${(e: DragEvent) => { if (writable) { e.preventDefault(); this.dragOver = true; } }}
        @dragleave=${() => (this.dragOver = false)} @drop=${(e: DragEvent) => this.onDrop(e)}>
      <header class="chat-head">
        <h2>${name} <small class="chat-status ${c.status}">${c.status === "ended" ? t("ws.ended") : ""}</small></h2>
        <div class="toolbar">
          ${writable
            ? html`<button type="button" class="btn canned-btn" aria-expanded=${this.pickerOpen ? "true" : "false"}
                  @click=${() => (this.pickerOpen ? this.closePicker() : this.openPicker())}>${t("ws.canned")}</button>`
            : nothing}
          ${owner || transferShown.has(c.id)
            ? keyed(`${c.id}:${transferRound.get(c.id) ?? 0}`, html`<yk-transfer-dialog .conversationId=${c.id}></yk-transfer-dialog>`)
            : nothing}
          ${invite ? html`<yk-invite-colleague .conversationId=${c.id}></yk-invite-colleague>` : nothing}
          ${writable ? html`<yk-chat-push .conversationId=${c.id}></yk-chat-push>` : nothing}
          <yk-evaluation-form .conversationId=${c.id}></yk-evaluation-form>
          <yk-block-dialog .visitorId=${c.visitorId}></yk-block-dialog>
          ${owner ? html`<button type="button" class="btn danger end" @click=${() => this.end()}>${t("ws.end")}</button>` : nothing}
          ${c.status === "ended" || c.readOnly ? html`<button type="button" class="btn close" @click=${() => workspace.close(c.id)}>${t("ws.close")}</button>` : nothing}
        </div>
      </header>
      <div class="chat-body">
        <div class="chat-main">
          ${c.readOnly ? html`<p class="banner readonly" role="status">${t("ws.readOnly")}</p>` : nothing}
          <ol class="transcript" aria-label=${t("ws.transcript")} aria-live="polite">
            ${repeat(c.messages, (m) => m.seq, (m) => messageItem(m, name))}
            ${repeat(c.pending, (p) => p.cid, (p) => pendingItem(p, { retry: () => workspace.retry(c.id, p.cid), discard: () => workspace.discard(c.id, p.cid) }))}
          </ol>
          <yk-chat-whispers .conversationId=${c.id}></yk-chat-whispers>
          <div class="visitor-typing" aria-live="polite">
            ${c.draft && prefs.showDraft
              ? html`<span class="draft"><span class="label">${t("ws.draft")}</span> <span class="text">${c.draft}</span></span>`
              : c.typing ? html`<span class="typing">${t("ws.typing")}</span>` : nothing}
          </div>
          ${this.dragOver ? html`<div class="drop-hint">${t("ws.dropHere")}</div>` : nothing}
          ${writable ? this.renderComposer(prefs.sendKey) : nothing}
        </div>
        <aside class="chat-side" aria-label=${t("ws.visitorPanel")}><yk-visitor-panel .visitorId=${c.visitorId}></yk-visitor-panel></aside>
      </div>
      <yk-capture></yk-capture>
    </section>`;
  }

  private renderComposer(sendKey: string) {
    return html`<div class="composer-box">
      ${this.pickerOpen ? html`<yk-canned-picker .conversationId=${this.chatId}></yk-canned-picker>` : nothing}
      ${this.preview
        ? html`<div class="paste-preview" role="group" aria-label=${t("ws.preview")}>
            <img src=${this.preview.url} alt=${t("ws.preview")}>
            <span>${t("ws.preview")}</span>
            <button type="button" class="btn primary send-image" @click=${() => this.sendPreview()}>${t("ws.sendImage")}</button>
            <button type="button" class="btn" @click=${() => { URL.revokeObjectURL(this.preview!.url); this.preview = null; }}>${t("ws.cancel")}</button>
          </div>`
        : nothing}
      <textarea class="composer" rows="3" aria-label=${t("ws.composer")} placeholder=${t(sendKey === "enter" ? "ws.placeholder.enter" : "ws.placeholder.ctrl")}
        .value=${live(composerText.get(this.chatId) ?? "")} @input=${this.onInput} @keydown=${this.onKeydown} @paste=${this.onPaste}></textarea>
      <div class="composer-actions">
        <label class="btn attach">${t("ws.attach")}<input type="file" class="file-input" multiple @change=${this.pickFiles}></label>
        ${"getDisplayMedia" in (navigator.mediaDevices ?? {}) ? html`<button type="button" class="btn capture-btn" @click=${() => (this.querySelector("yk-capture") as YkCapture).start()}>${t("ws.capture")}</button>` : nothing}
        <button type="button" class="btn primary send" @click=${() => this.send()}>${t("ws.send")}</button>
      </div>
    </div>`;
  }
}
