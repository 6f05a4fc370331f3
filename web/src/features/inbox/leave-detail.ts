/**
 * <yk-leave-detail .messageId=${id} .types=${types}> — one leave message (H2): what the visitor
 * left (contact details as the server masks them for this agent), its type and note (save), the
 * replied state (toggle by hand, e.g. after a call), the reply-by-email form with the history
 * of replies (a refused send shows the mail server's error), and delete with a confirm step.
 * Editing and replying need leave.reply; deleting needs leave.delete.
 * Properties: messageId (number), types (LeaveType[]).
 * Fires (bubbles, composed): `yk-leave-changed` {id, message} after a save or reply,
 * `yk-leave-deleted` {id}, `yk-leave-closed`, `yk-open-customer` {visitorId} from the visitor's name.
 * Calls: GET/PUT/DELETE /api/leave-messages/:id, POST /api/leave-messages/:id/reply.
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import { when, type LeaveMessage, type LeaveReply, type LeaveType } from "./model.ts";
import { inboxStyles } from "./styles.ts";
import "./strings.ts";
import { LangElement } from "../../lib/lang-element.ts";

type Errors = Record<string, string>;
const errorsOf = (e: unknown): { fields: Errors; general: string } => {
  const err = e as ApiError;
  if (err instanceof ApiError && err.field) return { fields: { [err.field]: err.message }, general: "" };
  return { fields: {}, general: (err as Error)?.message ?? String(e) };
};

@customElement("yk-leave-detail")
export class YkLeaveDetail extends LangElement {
  static override styles = inboxStyles;
  @property({ type: Number }) messageId = 0;
  @property({ attribute: false }) types: LeaveType[] = [];
  @state() private message: LeaveMessage | null = null;
  @state() private replies: LeaveReply[] = [];
  @state() private typeId = "";
  @state() private note = "";
  @state() private subject = "";
  @state() private body = "";
  @state() private busy: "" | "save" | "reply" | "replied" | "delete" = "";
  @state() private errors: Errors = {};
  @state() private general = "";
  @state() private flash = "";
  @state() private confirming = false;
  @state() private gone = false;

  protected override updated(changed: Map<string, unknown>) {
    if (changed.has("messageId") && this.messageId) {
      this.subject = "";
      this.body = "";
      this.confirming = false;
      this.flash = "";
      void this.reload();
    }
  }

  /** Fetches the message again (the list calls this when a colleague changed it). */
  async reload() {
    const id = this.messageId;
    try {
      const r = await api<{ message: LeaveMessage; replies: LeaveReply[] }>("GET", `/api/leave-messages/${id}`);
      if (id === this.messageId) this.apply(r);
    } catch (e) {
      if (id !== this.messageId) return;
      if (e instanceof ApiError && e.status === 404) this.gone = true;
      else this.general = errorsOf(e).general;
    }
  }

  private apply(r: { message: LeaveMessage; replies: LeaveReply[] }) {
    this.gone = false;
    this.message = r.message;
    this.replies = r.replies;
    this.typeId = r.message.typeId === null ? "" : String(r.message.typeId);
    this.note = r.message.note;
    this.errors = {};
    this.general = "";
  }

  private fire(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private async run(kind: typeof this.busy, fn: () => Promise<void>) {
    this.busy = kind;
    this.errors = {};
    this.general = "";
    this.flash = "";
    try {
      await fn();
    } catch (e) {
      const f = errorsOf(e);
      this.errors = f.fields;
      this.general = f.general;
    } finally {
      this.busy = "";
    }
  }

  private save(ev: Event) {
    ev.preventDefault();
    void this.run("save", async () => {
      const r = await api("PUT", `/api/leave-messages/${this.messageId}`, { typeId: this.typeId ? Number(this.typeId) : null, note: this.note });
      this.apply(r);
      this.flash = t("inbox.saved");
      this.fire("yk-leave-changed", { id: this.messageId, message: r.message });
    });
  }

  private setReplied(replied: boolean) {
    void this.run("replied", async () => {
      const r = await api("PUT", `/api/leave-messages/${this.messageId}`, { replied });
      this.apply(r);
      this.fire("yk-leave-changed", { id: this.messageId, message: r.message });
    });
  }

  private reply(ev: Event) {
    ev.preventDefault();
    void this.run("reply", async () => {
      try {
        const r = await api("POST", `/api/leave-messages/${this.messageId}/reply`, { subject: this.subject || t("inbox.defaultSubject"), body: this.body });
        this.apply(r);
        this.body = "";
        this.subject = "";
        this.flash = t("inbox.sent");
        this.fire("yk-leave-changed", { id: this.messageId, message: r.message });
      } catch (e) {
        // A refused send is in the history now, with the mail server's error: show it (the text stays).
        if (!(e instanceof ApiError && e.field)) await this.reload();
        throw e;
      }
    });
  }

  private deleteMessage() {
    void this.run("delete", async () => {
      await api("DELETE", `/api/leave-messages/${this.messageId}`);
      this.confirming = false;
      this.fire("yk-leave-deleted", { id: this.messageId });
    });
  }

  private err(name: string) {
    return this.errors[name] ? html`<span class="field-error" role="alert">${this.errors[name]}</span>` : nothing;
  }

  private renderFacts(m: LeaveMessage) {
    const row = (label: string, value: unknown) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : nothing);
    return html`<dl>
      <dt>${t("inbox.name")}</dt>
      <dd><button type="button" class="link visitor-name" @click=${() => this.fire("yk-open-customer", { visitorId: m.visitorId })}>${m.name || t("inbox.unnamed")}</button></dd>
      ${row(t("inbox.site"), m.siteName)}
      ${row(t("inbox.time"), when(m.createdAt))}
      ${row(t("inbox.phone"), m.phone)}
      ${row(t("inbox.email"), m.email)}
      ${row(t("inbox.company"), m.company)}
      ${row(t("inbox.page_url"), m.pageUrl)}
      ${row(t("inbox.ip"), m.ip)}
    </dl>
    <h3>${t("inbox.content")}</h3>
    <p class="text message-content">${m.content}</p>`;
  }

  private renderEdit(m: LeaveMessage) {
    const editable = can("leave.reply");
    // A type disabled since it was given stays shown for this message.
    const options = this.types.filter((x) => !x.disabled || x.id === m.typeId);
    return html`<form class="stack edit" @submit=${this.save} novalidate>
      <label>${t("inbox.type")}
        <select name="typeId" .value=${this.typeId} ?disabled=${!editable} @change=${(e: Event) => (this.typeId = (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.typeId}>${t("inbox.noType")}</option>
          ${options.map((x) => html`<option value=${String(x.id)} ?selected=${String(x.id) === this.typeId}>${x.name}</option>`)}
        </select>${this.err("typeId")}
      </label>
      <label>${t("inbox.note")}
        <textarea name="note" rows="3" maxlength="2000" .value=${this.note} ?disabled=${!editable} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>${this.err("note")}
      </label>
      ${m.noteByName && m.noteAt ? html`<span class="muted">${t("inbox.noteBy", { name: m.noteByName, time: when(m.noteAt) })}</span>` : nothing}
      ${editable ? html`<div class="actions">
        <button type="submit" class="save" ?disabled=${this.busy !== ""}>${this.busy === "save" ? t("inbox.saving") : t("inbox.save")}</button>
        <button type="button" class="toggle-replied" ?disabled=${this.busy !== ""} @click=${() => this.setReplied(!m.replied)}>${m.replied ? t("inbox.markUnreplied") : t("inbox.markReplied")}</button>
      </div>` : nothing}
    </form>`;
  }

  private renderReply(m: LeaveMessage) {
    if (!can("leave.reply")) return nothing;
    if (!m.canEmail) return html`<h3>${t("inbox.reply")}</h3><p class="muted no-email">${t("inbox.noEmail")}</p>`;
    return html`<h3>${t("inbox.reply")}</h3>
      <form class="stack reply" @submit=${this.reply} novalidate>
        <span class="muted">${t("inbox.replyTo")}: ${m.email}</span>
        <label>${t("inbox.subject")}
          <input name="subject" maxlength="200" .value=${this.subject} placeholder=${t("inbox.defaultSubject")} @input=${(e: Event) => (this.subject = (e.target as HTMLInputElement).value)}>${this.err("subject")}
        </label>
        <label>${t("inbox.body")}
          <textarea name="body" rows="6" maxlength="10000" .value=${this.body} @input=${(e: Event) => (this.body = (e.target as HTMLTextAreaElement).value)}></textarea>${this.err("body")}${this.err("email")}
        </label>
        <div class="actions"><button type="submit" class="primary send" ?disabled=${this.busy !== ""}>${this.busy === "reply" ? t("inbox.sending") : t("inbox.send")}</button></div>
      </form>`;
  }

  private renderHistory() {
    return html`<h3>${t("inbox.history")}</h3>
      ${this.replies.length
        ? html`<ol class="replies">${this.replies.map((r) => html`<li class="reply-item" data-status=${r.status}>
            <div class="actions"><span class="state ${r.status === "sent" ? "replied" : r.status === "failed" ? "failed" : "unreplied"}">${t(`inbox.status.${r.status}`)}</span>
              <span class="muted">${when(r.sentAt ?? r.createdAt)} · ${r.agentName} · ${r.email}</span></div>
            <div><b>${r.subject}</b></div>
            <div class="text">${r.body}</div>
            ${r.error ? html`<div class="error reply-error">${r.error}</div>` : nothing}
          </li>`)}</ol>`
        : html`<p class="muted">${t("inbox.noReplies")}</p>`}`;
  }

  private renderDelete() {
    if (!can("leave.delete")) return nothing;
    if (!this.confirming) return html`<div class="actions"><button type="button" class="delete" @click=${() => (this.confirming = true)}>${t("inbox.delete")}</button></div>`;
    return html`<div class="confirm" role="alertdialog" aria-label=${t("inbox.delete")}>
      <p>${t("inbox.confirmDelete")}</p>
      <div class="actions">
        <button type="button" class="danger confirm-delete" ?disabled=${this.busy !== ""} @click=${() => this.deleteMessage()}>${t("inbox.confirm")}</button>
        <button type="button" class="cancel-delete" @click=${() => (this.confirming = false)}>${t("inbox.cancel")}</button>
      </div>
    </div>`;
  }

  override render() {
    const m = this.message;
    if (this.gone) return html`<div class="box"><p class="muted gone">${t("inbox.gone")}</p></div>`;
    if (!m || m.id !== this.messageId) return html`<div class="box"><p class="muted">${this.general || t("inbox.loading")}</p></div>`;
    return html`<section class="box detail" aria-label=${t("inbox.detail")}>
      <div class="head">
        <h2>${t("inbox.detail")}</h2>
        <span class="state ${m.replied ? "replied" : "unreplied"} detail-state">${m.replied ? t("inbox.replied") : t("inbox.unreplied")}</span>
        ${m.replied && m.repliedByName ? html`<span class="muted">${t("inbox.repliedBy", { name: m.repliedByName, time: when(m.repliedAt) })}</span>` : nothing}
        <button type="button" class="close" @click=${() => this.fire("yk-leave-closed")}>${t("inbox.close")}</button>
      </div>
      ${this.general ? html`<p class="error general" role="alert">${this.general}</p>` : nothing}
      ${this.flash ? html`<p class="ok flash" role="status">${this.flash}</p>` : nothing}
      ${this.renderFacts(m)}
      ${this.renderEdit(m)}
      ${this.renderReply(m)}
      ${this.renderHistory()}
      ${this.renderDelete()}
    </section>`;
  }
}
