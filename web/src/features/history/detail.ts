/**
 * <yk-history-detail .conversationId=${id} .q=${words}> — one chat as history keeps it (H1):
 * the transcript with files (image thumbnails link to the download) and system events in
 * words, the pages the visitor saw up to the chat's end, the visitor's details (masked by the
 * server, X8), pre-chat answers, the visitor's rating, the evaluation (editable with
 * history.evaluate) and notes with an add form. Search words are highlighted in the transcript.
 * Properties: conversationId (number), q (string).
 * Fires: `yk-open-customer` {visitorId} from the visitor's name; `yk-history-changed`
 *   {conversationId} after an evaluation or note is saved; `yk-history-close` (all bubble, composed).
 * Calls: GET /api/history/:id, GET /api/history/options (topics), PUT /api/history/:id/evaluation,
 *   POST /api/history/:id/notes.
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { currentLang, t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import { dateTime, duration, highlight, type Option } from "./model.ts";
import { historyStyles } from "./styles.ts";
import "./strings.ts";
import { LangElement } from "../../lib/lang-element.ts";

interface FileInfo { id: string; name: string; size: number; isImage: boolean; url: string; thumbUrl: string | null }
interface Item { id: number; at: number; from: "visitor" | "agent" | "system"; name: string; kind: "text" | "file" | "event"; text: string; event: { zh: string; en: string } | null; file: FileInfo | null }
interface Evaluation { topicId: number | null; topicName: string; verdict: "valuable" | "invalid" | ""; note: string; agentName: string; updatedAt: number }
interface Note { id: number; authorName: string; body: string; at: number }
export interface Detail {
  conversation: { id: number; status: string; siteName: string; visitorId: number; visitorName: string; agentName: string; groupName: string; startedAt: number; endedAt: number | null; endedBy: string; durationMs: number | null };
  transcript: Item[];
  trail: { url: string; title: string; at: number }[];
  visit: Record<string, string | number> | null;
  visitor: { name: string; phone: string; email: string; company: string } | null;
  prechat: { questionType: string; custom: { label: string; value: string }[] } | null;
  evaluation: Evaluation | null;
  rating: { level: number; comment: string } | null;
  notes: Note[];
  can: { evaluate: boolean };
}

const size = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

@customElement("yk-history-detail")
export class YkHistoryDetail extends LangElement {
  static override styles = historyStyles;
  @property({ type: Number }) conversationId = 0;
  @property() q = "";
  @state() private detail: Detail | null = null;
  @state() private error = "";
  @state() private topics: Option[] = [];
  @state() private form = { topicId: "", verdict: "", note: "" };
  @state() private evalState: "" | "saving" | "saved" = "";
  @state() private evalError = "";
  @state() private noteText = "";
  @state() private noteError = "";
  @state() private noteBusy = false;

  protected override updated(changed: Map<string, unknown>) {
    if (changed.has("conversationId") && this.conversationId) void this.load();
  }

  private fire(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private async load() {
    const id = this.conversationId;
    this.error = "";
    try {
      const d = await api<Detail>("GET", `/api/history/${id}`);
      if (id !== this.conversationId) return;
      this.detail = d;
      this.applyEvaluation(d.evaluation);
      this.evalState = "";
      this.noteError = "";
      if (d.can.evaluate && !this.topics.length) this.topics = (await api<{ topics: Option[] }>("GET", "/api/history/options")).topics;
    } catch (e) {
      if (id === this.conversationId) this.error = (e as Error).message;
    }
  }

  private applyEvaluation(e: Evaluation | null) {
    this.form = { topicId: e?.topicId ? String(e.topicId) : "", verdict: e?.verdict ?? "", note: e?.note ?? "" };
  }

  private async saveEvaluation(ev: Event) {
    ev.preventDefault();
    this.evalState = "saving";
    this.evalError = "";
    try {
      const r = await api<{ evaluation: Evaluation }>("PUT", `/api/history/${this.conversationId}/evaluation`, {
        topicId: this.form.topicId ? Number(this.form.topicId) : null, verdict: this.form.verdict, note: this.form.note,
      });
      this.detail = { ...this.detail!, evaluation: r.evaluation };
      this.applyEvaluation(r.evaluation);
      this.evalState = "saved";
      this.fire("yk-history-changed", { conversationId: this.conversationId });
    } catch (e) {
      this.evalState = "";
      this.evalError = (e as Error).message;
    }
  }

  private async addNote(ev: Event) {
    ev.preventDefault();
    this.noteBusy = true;
    this.noteError = "";
    try {
      const r = await api<{ note: Note }>("POST", `/api/history/${this.conversationId}/notes`, { body: this.noteText });
      this.detail = { ...this.detail!, notes: [...this.detail!.notes, r.note] };
      this.noteText = "";
      this.fire("yk-history-changed", { conversationId: this.conversationId });
    } catch (e) {
      this.noteError = (e as Error).message;
    } finally {
      this.noteBusy = false;
    }
  }

  private marked(text: string) {
    return highlight(text, this.q).map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text));
  }

  private item(m: Item, visitorLabel: string) {
    if (m.kind === "event") return html`<li class="msg system">${m.event ? (currentLang() === "en" ? m.event.en : m.event.zh) : m.text} <small>${dateTime(m.at)}</small></li>`;
    const content = m.file
      ? m.file.isImage && m.file.thumbUrl
        ? html`<a class="thumb" href=${m.file.url} download=${m.file.name} title=${m.file.name}><img src=${m.file.thumbUrl} alt=${m.file.name} loading="lazy"></a>`
        : html`<a class="file" href=${m.file.url} download=${m.file.name}>📎 ${m.file.name} <small>${size(m.file.size)}</small></a>`
      : this.marked(m.text);
    const who = m.from === "visitor" ? m.name || visitorLabel : m.name || t("hist.agentLabel");
    return html`<li class="msg ${m.from}"><div class="meta">${who} · <time>${dateTime(m.at)}</time></div><div class="bubble">${content}</div></li>`;
  }

  private evaluationBox(d: Detail) {
    const e = d.evaluation;
    const summary = e
      ? html`<p>${e.topicName || "—"} · ${e.verdict ? t(`hist.${e.verdict}`) : "—"}${e.note ? html` · ${e.note}` : nothing}<br><small class="muted">${t("hist.evaluatedBy", { name: e.agentName, at: dateTime(e.updatedAt) })}</small></p>`
      : html`<p class="muted">${t("hist.noEvaluation")}</p>`;
    if (!d.can.evaluate) return html`<h3>${t("hist.evaluation")}</h3>${summary}`;
    const topics = this.topics.filter((x) => !x.disabled || String(x.id) === this.form.topicId);
    return html`<h3>${t("hist.evaluation")}</h3>${summary}
      <form class="evaluation" @submit=${this.saveEvaluation}>
        <div class="row">
          <label>${t("hist.topic")}
            <select name="topicId" .value=${this.form.topicId} @change=${(ev: Event) => (this.form = { ...this.form, topicId: (ev.target as HTMLSelectElement).value })}>
              <option value="">—</option>
              ${topics.map((x) => html`<option value=${x.id} ?selected=${String(x.id) === this.form.topicId}>${x.name}</option>`)}
            </select></label>
          <label>${t("hist.verdict")}
            <select name="verdict" .value=${this.form.verdict} @change=${(ev: Event) => (this.form = { ...this.form, verdict: (ev.target as HTMLSelectElement).value })}>
              <option value="">—</option>
              <option value="valuable" ?selected=${this.form.verdict === "valuable"}>${t("hist.valuable")}</option>
              <option value="invalid" ?selected=${this.form.verdict === "invalid"}>${t("hist.invalid")}</option>
            </select></label>
        </div>
        <label>${t("hist.note")}
          <textarea name="evaluationNote" maxlength="1000" .value=${this.form.note} @input=${(ev: Event) => (this.form = { ...this.form, note: (ev.target as HTMLTextAreaElement).value })}></textarea></label>
        <div class="actions">
          <button type="submit" class="btn primary save-evaluation" ?disabled=${this.evalState === "saving"}>${this.evalState === "saving" ? t("hist.saving") : t("hist.save")}</button>
          ${this.evalState === "saved" ? html`<span class="saved">${t("hist.saved")}</span>` : nothing}
          ${this.evalError ? html`<span class="error" role="alert">${this.evalError}</span>` : nothing}
        </div>
      </form>`;
  }

  private visitorBox(d: Detail) {
    const v = d.visitor;
    const visit = d.visit;
    const row = (label: string, value: unknown) => (value ? html`<dt>${t(label)}</dt><dd>${String(value)}</dd>` : nothing);
    return html`<h3>${t("hist.visitorInfo")}</h3>
      <dl class="visitor-info">
        ${row("hist.name", v?.name)}${row("hist.phone", v?.phone)}${row("hist.email", v?.email)}${row("hist.company", v?.company)}
        ${row("hist.region", visit?.region)}${row("hist.ip", visit?.ip)}${row("hist.browser", visit?.browser)}${row("hist.os", visit?.os)}
        ${row("hist.referrer", visit?.referrer)}${row("hist.keyword", visit?.searchKeyword)}${row("hist.landing", visit?.landingUrl)}
      </dl>
      ${d.prechat
        ? html`<h3>${t("hist.prechat")}</h3><dl>${row("hist.questionType", d.prechat.questionType)}${d.prechat.custom.map((a) => html`<dt>${a.label}</dt><dd>${a.value}</dd>`)}</dl>`
        : nothing}`;
  }

  override render() {
    if (this.error) return html`<div class="box"><p class="error" role="alert">${t("hist.loadFailed")}: ${this.error}</p><button type="button" class="btn" @click=${() => void this.load()}>${t("hist.retry")}</button></div>`;
    const d = this.detail;
    if (!d || d.conversation.id !== this.conversationId) return html`<div class="box muted">${t("hist.loading")}</div>`;
    const c = d.conversation;
    const visitorLabel = c.visitorName || t("hist.unnamed", { id: c.visitorId });
    return html`<div class="box detail">
      <div class="head">
        <h2>${t("hist.chat", { id: c.id })}</h2>
        ${customElements.get("yk-export-button") && can("data.export")
          ? html`<span class="export-one"><span class="muted">${t("hist.exportThis")}</span> <yk-export-button source="transcripts" .filter=${{ conversationId: String(c.id) }}></yk-export-button></span>`
          : nothing}
        <button type="button" class="btn close" @click=${() => this.fire("yk-history-close")}>${t("hist.close")}</button>
      </div>
      <p>
        <button type="button" class="link visitor-name" title=${t("hist.openCustomer")} @click=${() => this.fire("yk-open-customer", { visitorId: c.visitorId })}>${visitorLabel}</button>
        · ${c.siteName} · ${c.agentName || "—"}${c.groupName ? html` · ${c.groupName}` : nothing}<br>
        <small class="muted">${dateTime(c.startedAt)}${c.endedAt ? html` – ${dateTime(c.endedAt)} (${duration(c.durationMs)}${c.endedBy ? html`, ${t(`hist.endedBy.${c.endedBy}`)}` : nothing})` : html` · ${t(`hist.status.${c.status}`)}`}</small>
      </p>
      <p class="rating">${d.rating ? html`${t("hist.ratingOf", { n: d.rating.level })}${d.rating.comment ? html` — ${d.rating.comment}` : nothing}` : html`<span class="muted">${t("hist.noRating")}</span>`}</p>
      <h3>${t("hist.transcript")}</h3>
      <ol class="transcript">${d.transcript.map((m) => this.item(m, visitorLabel))}</ol>
      <h3>${t("hist.trail")}</h3>
      ${d.trail.length
        ? html`<ol class="trail">${d.trail.map((p) => html`<li><a href=${p.url} target="_blank" rel="noopener noreferrer">${p.title || p.url}</a> <small class="muted">${dateTime(p.at)}</small></li>`)}</ol>`
        : html`<p class="muted">${t("hist.noTrail")}</p>`}
      ${this.visitorBox(d)}
      ${this.evaluationBox(d)}
      <h3>${t("hist.notes")}</h3>
      ${d.notes.length
        ? html`<ul class="notes">${d.notes.map((n) => html`<li><strong>${n.authorName}</strong> <small class="muted">${dateTime(n.at)}</small><br>${n.body}</li>`)}</ul>`
        : html`<p class="muted">${t("hist.noNotes")}</p>`}
      <form class="note" @submit=${this.addNote}>
        <textarea name="note" maxlength="2000" placeholder=${t("hist.notePlaceholder")} .value=${this.noteText} @input=${(ev: Event) => (this.noteText = (ev.target as HTMLTextAreaElement).value)}></textarea>
        <div class="actions">
          <button type="submit" class="btn add-note" ?disabled=${this.noteBusy || !this.noteText.trim()}>${t("hist.addNote")}</button>
          ${this.noteError ? html`<span class="error" role="alert">${this.noteError}</span>` : nothing}
        </div>
      </form>
    </div>`;
  }
}
