/**
 * <yk-visitor-panel .visitorId=${id}> — the visitor panel (A17): profile and visit count, the
 * current or last visit (region, browser/OS, search words, landing page, trail), an active
 * block, previous chats with an expandable transcript; name, notes and contact editable inline
 * with the server's field errors. Reloads when a `visitor` frame says this visitor changed.
 * Properties: visitorId (number).
 * Fires: `yk-visitor-saved` {visitorId, visitor} after an edit; `yk-open-customer` {visitorId}
 * from the "客户档案 / Customer profile" link (with customers.read).
 * Calls: GET/PUT /api/visitors/:id, GET /api/conversations/:id/messages.
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { onFrame } from "../../lib/channel.ts";
import { can } from "../../lib/session.ts";
import { CareElement, fieldErrors } from "./base.ts";
import { when } from "./strings.ts";
import "../prechat/prechat-answers.ts";
import "../customers/strings.ts";
import type { PrechatAnswer } from "../prechat/prechat-answers.ts";

interface Panel {
  visitor: { id: number; name: string; phone: string; email: string; company: string; note: string; visitCount: number; firstSeenAt: number; lastSeenAt: number };
  online: boolean;
  visit: null | {
    ip: string; region: string; isp: string; browser: string; os: string; device: string; searchEngine: string; searchKeyword: string;
    landingUrl: string; referrer: string; startedAt: number; trail: { url: string; title: string; at: number }[];
  };
  block: null | { id: number; mode: string; reason: string; expiresAt: number | null };
  prechat?: PrechatAnswer[];
  conversations: { id: number; status: string; startedAt: number; endedAt: number | null; agentName: string; messageCount: number; evaluation: null | { topicName: string; verdict: string; note: string } }[];
  /** V25: the verified member and the chats of their other visitors; null when unverified. */
  member?: null | { memberId: string; name: string; verifiedAt: number; otherVisitors: number[]; conversations: { id: number; startedAt: number; agentName: string; messageCount: number }[] };
}
interface Message {
  seq: number;
  sender_kind: "visitor" | "agent" | "system";
  sender_name: string;
  kind: string;
  body: string;
  created_at: number;
}
const FIELDS = ["name", "phone", "email", "company", "note"] as const;
type Field = (typeof FIELDS)[number];

@customElement("yk-visitor-panel")
export class YkVisitorPanel extends CareElement {
  @property({ type: Number }) visitorId = 0;
  @state() private data: Panel | null = null;
  @state() private failed = "";
  @state() private editing = false;
  @state() private draft: Record<Field, string> = { name: "", phone: "", email: "", company: "", note: "" };
  @state() private errors: Record<string, string> = {};
  @state() private busy = false;
  @state() private transcripts = new Map<number, Message[] | "loading" | string>();
  private off: (() => void) | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback() {
    super.connectedCallback();
    this.off = onFrame("visitor", (f) => {
      const v = f.visitor;
      if (!v || v.id !== this.visitorId || !this.data || this.editing) return;
      // The list sends many updates; reload only when what the panel shows may have changed.
      if (v.name !== this.data.visitor.name || (v.member?.memberId ?? null) !== (this.data.member?.memberId ?? null) || Boolean(v.blocked) !== Boolean(this.data.block) || v.visitCount !== this.data.visitor.visitCount || (v.status !== "gone") !== this.data.online) {
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.load(), 300);
      }
    });
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.off?.();
    clearTimeout(this.reloadTimer);
  }

  protected override updated(changed: Map<string, unknown>) {
    if (changed.has("visitorId") && this.visitorId) {
      this.editing = false;
      this.transcripts = new Map();
      void this.load();
    }
  }

  private async load() {
    const id = this.visitorId;
    try {
      const data = await api<Panel>("GET", `/api/visitors/${id}`);
      if (id !== this.visitorId) return;
      this.data = data;
      this.failed = "";
    } catch (e) {
      this.failed = fieldErrors(e).general || t("care.loadFailed");
    }
  }

  private startEdit() {
    const v = this.data!.visitor;
    this.draft = { name: v.name, phone: v.phone, email: v.email, company: v.company, note: v.note };
    this.errors = {};
    this.editing = true;
  }

  private async save(e: Event) {
    e.preventDefault();
    this.busy = true;
    this.errors = {};
    try {
      this.data = await api<Panel>("PUT", `/api/visitors/${this.visitorId}`, this.draft);
      this.editing = false;
      this.fire("yk-visitor-saved", { visitorId: this.visitorId, visitor: this.data.visitor });
    } catch (err) {
      const f = fieldErrors(err);
      this.errors = f.general ? { _: f.general } : f.fields;
    } finally {
      this.busy = false;
    }
  }

  private async toggleTranscript(id: number) {
    const next = new Map(this.transcripts);
    if (next.has(id)) {
      next.delete(id);
      this.transcripts = next;
      return;
    }
    next.set(id, "loading");
    this.transcripts = next;
    try {
      const r = await api<{ messages: Message[] }>("GET", `/api/conversations/${id}/messages`);
      this.transcripts = new Map(this.transcripts).set(id, r.messages);
    } catch (e) {
      this.transcripts = new Map(this.transcripts).set(id, fieldErrors(e).general || t("care.loadFailed"));
    }
  }

  private renderField(name: Field) {
    const err = this.errors[name];
    const id = `vp-${this.visitorId}-${name}`;
    // Without visitor.contact the agent sees masked values (X8) and may not change them; the
    // server keeps the stored ones when the masked value comes back unchanged.
    const locked = (name === "phone" || name === "email") && !can("visitor.contact");
    const input = (e: Event) => (this.draft = { ...this.draft, [name]: (e.target as HTMLInputElement).value });
    return html`<label for=${id}>${t(`panel.${name}`)}</label>
      ${name === "note"
        ? html`<textarea id=${id} name=${name} rows="3" maxlength="1000" .value=${this.draft[name]} @input=${input} aria-invalid=${err ? "true" : "false"}></textarea>`
        : html`<input id=${id} name=${name} type=${name === "email" ? "email" : name === "phone" ? "tel" : "text"} .value=${this.draft[name]} @input=${input} aria-invalid=${err ? "true" : "false"}
            ?readonly=${locked} aria-describedby=${locked ? `${id}-locked` : nothing}>`}
      ${locked ? html`<span class="hint" id=${`${id}-locked`}>${t("panel.contactLocked")}</span>` : nothing}
      ${err ? html`<span class="field-error" role="alert">${err}</span>` : nothing}`;
  }

  private renderTranscript(id: number) {
    const tr = this.transcripts.get(id);
    if (tr === undefined) return nothing;
    if (tr === "loading") return html`<p class="muted">${t("care.loading")}</p>`;
    if (typeof tr === "string") return html`<p class="form-error" role="alert">${tr}</p>`;
    return html`<ol class="transcript mini">
      ${tr.filter((m) => m.kind !== "event").map((m) => html`<li class="m ${m.sender_kind}"><span class="who">${m.sender_name || t(m.sender_kind === "visitor" ? "panel.unnamed" : "panel.agent")}</span>
        <time>${when(m.created_at)}</time><span class="body">${m.body}</span></li>`)}
    </ol>`;
  }

  override render() {
    if (this.failed && !this.data) return html`<p class="form-error" role="alert">${this.failed} <button type="button" class="btn" @click=${() => void this.load()}>${t("care.retry")}</button></p>`;
    const d = this.data;
    if (!d) return html`<p class="muted">${t("care.loading")}</p>`;
    const v = d.visitor;
    const visit = d.visit;
    return html`<section class="visitor-panel" aria-label=${t("panel.title")}>
      <header>
        <h3 class="visitor-name">${v.name || t("panel.unnamed")}</h3>
        ${can("customers.read") ? html`<button type="button" class="link open-customer" @click=${() => this.fire("yk-open-customer", { visitorId: this.visitorId })}>${t("cust.openProfile")}</button>` : nothing}
        ${d.member ? html`<p class="member"><span class="member-verified">${t("panel.verified")}</span> ${d.member.name} · ${t("panel.memberId", { id: d.member.memberId })}</p>` : nothing}
        <span class="badge ${d.online ? "on" : "off"}">${t(d.online ? "panel.online" : "panel.offline")}</span>
        ${this.editing ? nothing : html`<button type="button" class="btn edit" @click=${this.startEdit}>${t("care.edit")}</button>`}
      </header>
      ${d.block ? html`<p class="banner blocked" role="status">${t("panel.blocked", { mode: t(`block.${d.block.mode}`), until: d.block.expiresAt ? t("block.until", { time: when(d.block.expiresAt) }) : t("care.never") })} — ${d.block.reason}</p>` : nothing}
      ${this.editing
        ? html`<form class="visitor-edit stack" @submit=${this.save} novalidate>
            ${FIELDS.map((f) => this.renderField(f))}
            ${this.errors._ ? html`<p class="form-error" role="alert">${this.errors._}</p>` : nothing}
            <div class="actions">
              <button type="submit" class="btn primary" ?disabled=${this.busy}>${t("care.save")}</button>
              <button type="button" class="btn" @click=${() => (this.editing = false)}>${t("care.cancel")}</button>
            </div>
          </form>`
        : html`<dl class="facts">
            <dt>${t("panel.phone")}</dt><dd class="phone">${v.phone || "—"}</dd>
            <dt>${t("panel.email")}</dt><dd class="email">${v.email || "—"}</dd>
            <dt>${t("panel.company")}</dt><dd class="company">${v.company || "—"}</dd>
            <dt>${t("panel.note")}</dt><dd class="note">${v.note || "—"}</dd>
            <dt>${t("panel.visitCount")}</dt><dd class="visit-count">${v.visitCount}</dd>
            <dt>${t("panel.firstSeen")}</dt><dd>${when(v.firstSeenAt)}</dd>
            <dt>${t("panel.lastSeen")}</dt><dd>${when(v.lastSeenAt)}</dd>
          </dl>`}
      ${visit
        ? html`<h4>${t("panel.visit")}</h4>
          <dl class="facts visit">
            <dt>${t("panel.region")}</dt><dd>${visit.region || "—"}${visit.isp ? ` · ${visit.isp}` : ""}</dd>
            <dt>${t("panel.ip")}</dt><dd>${visit.ip || "—"}</dd>
            <dt>${t("panel.browser")}</dt><dd>${[visit.browser, visit.os, visit.device].filter(Boolean).join(" / ") || "—"}</dd>
            <dt>${t("panel.search")}</dt><dd>${[visit.searchEngine, visit.searchKeyword].filter(Boolean).join(" / ") || "—"}</dd>
            <dt>${t("panel.landing")}</dt><dd class="url">${visit.landingUrl || "—"}</dd>
          </dl>
          <details class="trail"><summary>${t("panel.trail")} (${visit.trail.length})</summary>
            <ol>${visit.trail.map((p) => html`<li><time>${when(p.at)}</time> <span class="title">${p.title}</span> <span class="url">${p.url}</span></li>`)}</ol>
          </details>`
        : nothing}
      <yk-prechat-answers .answers=${d.prechat ?? []}></yk-prechat-answers>
      <h4>${t("panel.history")}</h4>
      ${d.conversations.length
        ? html`<ul class="history">
            ${d.conversations.map((c) => html`<li class="history-item" data-id=${String(c.id)}>
              <div class="line"><time>${when(c.startedAt)}</time> · ${c.agentName || "—"} · ${t("panel.messages", { n: c.messageCount })}
                · <span class="evaluation">${c.evaluation ? [c.evaluation.topicName, c.evaluation.verdict ? t(`eval.${c.evaluation.verdict}`) : ""].filter(Boolean).join(" / ") : t("panel.notEvaluated")}</span>
                <button type="button" class="link toggle-transcript" aria-expanded=${this.transcripts.has(c.id) ? "true" : "false"} @click=${() => void this.toggleTranscript(c.id)}>
                  ${t(this.transcripts.has(c.id) ? "panel.hideTranscript" : "panel.transcript")}</button></div>
              ${this.renderTranscript(c.id)}
            </li>`)}
          </ul>`
        : html`<p class="muted">${t("panel.noHistory")}</p>`}
      ${d.member?.conversations.length
        ? html`<h4>${t("panel.memberHistory")}</h4>
          <ul class="history member-history">
            ${d.member.conversations.map((c) => html`<li class="history-item" data-id=${String(c.id)}>
              <div class="line"><time>${when(c.startedAt)}</time> · ${c.agentName || "—"} · ${t("panel.messages", { n: c.messageCount })}
                <button type="button" class="link toggle-transcript" aria-expanded=${this.transcripts.has(c.id) ? "true" : "false"} @click=${() => void this.toggleTranscript(c.id)}>
                  ${t(this.transcripts.has(c.id) ? "panel.hideTranscript" : "panel.transcript")}</button></div>
              ${this.renderTranscript(c.id)}
            </li>`)}
          </ul>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-visitor-panel": YkVisitorPanel;
  }
}
