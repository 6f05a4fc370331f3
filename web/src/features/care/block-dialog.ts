/**
 * <yk-block-dialog .visitorId=${id}> — block a visitor (A11) from a chat or the visitor list:
 * a button that opens a dialog with the mode (refuse chat / hide entirely), a reason and an
 * expiry; shows an active block with a button to lift it. Rendered only for agents holding
 * visitor.block.
 * Properties: visitorId (number).
 * Fires: `yk-done` {visitorId, block} after blocking, `yk-done` {visitorId, block: null} after lifting.
 * Calls: GET /api/visitors/:id (the active block), POST /api/visitors/:id/block, DELETE /api/blocks/:id.
 */
import { html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import { onFrame } from "../../lib/channel.ts";
import { CareElement, fieldErrors } from "./base.ts";
import { when } from "./strings.ts";

interface Block {
  id: number;
  mode: "refuse_chat" | "hide";
  reason: string;
  expiresAt: number | null;
}
const EXPIRY = ["60", "1440", "10080", "43200", "never"] as const;

@customElement("yk-block-dialog")
export class YkBlockDialog extends CareElement {
  @property({ type: Number }) visitorId = 0;
  @state() private block: Block | null = null;
  @state() private mode: Block["mode"] = "refuse_chat";
  @state() private reason = "";
  @state() private expiry: (typeof EXPIRY)[number] = "1440";
  @state() private busy = false;
  @state() private errors: Record<string, string> = {};
  @state() private general = "";
  @query("dialog") private dialog!: HTMLDialogElement;
  private off: (() => void) | null = null;

  override connectedCallback() {
    super.connectedCallback();
    // Another agent may block or lift meanwhile: the visitor row says which mode is in force.
    this.off = onFrame("visitor", (f) => {
      if (f.visitor?.id === this.visitorId && Boolean(f.visitor.blocked) !== Boolean(this.block)) void this.load();
    });
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.off?.();
  }

  protected override updated(changed: Map<string, unknown>) {
    if (changed.has("visitorId") && this.visitorId) void this.load();
  }

  private async load() {
    try {
      const id = this.visitorId;
      const r = await api<{ block: Block | null }>("GET", `/api/visitors/${id}`);
      if (id === this.visitorId) this.block = r.block;
    } catch {
      // The button still works; the server has the last word.
    }
  }

  /** Opens the dialog (also for callers holding the element). */
  open() {
    this.errors = {};
    this.general = "";
    this.dialog?.showModal();
  }

  private close() {
    this.dialog?.close();
  }

  private async submit(e: Event) {
    e.preventDefault();
    this.busy = true;
    this.errors = {};
    this.general = "";
    try {
      const r = await api<{ block: Block }>("POST", `/api/visitors/${this.visitorId}/block`, {
        mode: this.mode, reason: this.reason, expiresMinutes: this.expiry === "never" ? null : Number(this.expiry),
      });
      this.block = r.block;
      this.reason = "";
      this.close();
      this.fire("yk-done", { visitorId: this.visitorId, block: r.block });
    } catch (err) {
      const f = fieldErrors(err);
      this.errors = f.fields;
      this.general = f.general;
    } finally {
      this.busy = false;
    }
  }

  private async lift() {
    if (!this.block) return;
    this.busy = true;
    try {
      await api("DELETE", `/api/blocks/${this.block.id}`);
      this.block = null;
      this.fire("yk-done", { visitorId: this.visitorId, block: null });
    } catch (err) {
      this.general = fieldErrors(err).general;
    } finally {
      this.busy = false;
    }
  }

  private err(name: string) {
    return this.errors[name] ? html`<span class="field-error" role="alert">${this.errors[name]}</span>` : nothing;
  }

  override render() {
    if (!can("visitor.block")) return nothing;
    const b = this.block;
    return html`${b
        ? html`<span class="block-state" role="status"><span class="badge bad">${t("block.active")}</span> ${t(`block.${b.mode}`)}
            · ${b.expiresAt ? t("block.until", { time: when(b.expiresAt) }) : t("care.never")}
            <button type="button" class="btn lift" ?disabled=${this.busy} @click=${this.lift}>${t("block.lift")}</button></span>`
        : html`<button type="button" class="btn danger block-open" @click=${this.open}>${t("block.open")}</button>`}
      <dialog class="block-dialog" aria-labelledby="block-title-${this.visitorId}" @close=${() => (this.busy = false)}>
        <form method="dialog" class="stack" @submit=${this.submit} novalidate>
          <h2 id="block-title-${this.visitorId}">${t("block.title")}</h2>
          <fieldset>
            <legend>${t("block.mode")}</legend>
            ${(["refuse_chat", "hide"] as const).map((m) => html`<label class="check"><input type="radio" name="mode" value=${m} .checked=${this.mode === m}
              @change=${() => (this.mode = m)}> ${t(`block.${m}`)}</label>`)}
            ${this.err("mode")}
          </fieldset>
          <label>${t("block.reason")}
            <input name="reason" maxlength="200" required .value=${this.reason} aria-invalid=${this.errors.reason ? "true" : "false"}
              @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)}>${this.err("reason")}
          </label>
          <label>${t("block.expiry")}
            <select name="expiry" .value=${this.expiry} @change=${(e: Event) => (this.expiry = (e.target as HTMLSelectElement).value as (typeof EXPIRY)[number])}>
              ${EXPIRY.map((x) => html`<option value=${x} ?selected=${x === this.expiry}>${t(x === "never" ? "block.never" : `block.m${x}`)}</option>`)}
            </select>${this.err("expiresMinutes")}
          </label>
          ${this.general ? html`<p class="form-error" role="alert">${this.general}</p>` : nothing}
          <div class="actions">
            <button type="submit" class="btn danger" ?disabled=${this.busy}>${t("block.submit")}</button>
            <button type="button" class="btn" @click=${this.close}>${t("care.cancel")}</button>
          </div>
        </form>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-block-dialog": YkBlockDialog;
  }
}
