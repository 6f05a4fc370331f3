/**
 * <yk-evaluation-form .conversationId=${id}> — evaluate a chat (A12): topic (the admin-kept
 * list), valuable / invalid, a note; during or after the chat. Shows the saved state.
 * Properties: conversationId (number).
 * Fires: `yk-evaluated` {conversationId, evaluation} after a save (bubbles, composed).
 * Calls: GET /api/topics, GET/PUT /api/conversations/:id/evaluation. The to-evaluate counter
 * comes from the server's `counters` frame.
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { CareElement, fieldErrors } from "./base.ts";
import { when } from "./strings.ts";

interface Evaluation {
  topicId: number | null;
  verdict: "valuable" | "invalid" | "";
  note: string;
  updatedAt: number;
}

/** Topics change rarely: one request per console load, shared by every form. */
let topicsOnce: Promise<{ id: number; name: string }[]> | null = null;
const loadTopics = () => (topicsOnce ??= api<{ topics: { id: number; name: string }[] }>("GET", "/api/topics").then((r) => r.topics).catch((e) => {
  topicsOnce = null;
  throw e;
}));

@customElement("yk-evaluation-form")
export class YkEvaluationForm extends CareElement {
  @property({ type: Number }) conversationId = 0;
  @state() private topics: { id: number; name: string }[] = [];
  @state() private topicId = "";
  @state() private verdict: Evaluation["verdict"] = "";
  @state() private note = "";
  @state() private saved: Evaluation | null = null;
  @state() private busy = false;
  @state() private dirty = false;
  @state() private errors: Record<string, string> = {};
  @state() private general = "";

  protected override updated(changed: Map<string, unknown>) {
    if (changed.has("conversationId") && this.conversationId) void this.load();
  }

  private async load() {
    const id = this.conversationId;
    try {
      const [topics, r] = await Promise.all([loadTopics(), api<{ evaluation: Evaluation | null }>("GET", `/api/conversations/${id}/evaluation`)]);
      if (id !== this.conversationId) return;
      this.topics = topics;
      this.apply(r.evaluation);
    } catch (e) {
      this.general = fieldErrors(e).general;
    }
  }

  private apply(e: Evaluation | null) {
    this.saved = e;
    this.topicId = e?.topicId ? String(e.topicId) : "";
    this.verdict = e?.verdict ?? "";
    this.note = e?.note ?? "";
    this.dirty = false;
  }

  private async save(ev: Event) {
    ev.preventDefault();
    this.busy = true;
    this.errors = {};
    this.general = "";
    try {
      const r = await api<{ evaluation: Evaluation }>("PUT", `/api/conversations/${this.conversationId}/evaluation`, {
        topicId: this.topicId ? Number(this.topicId) : null, verdict: this.verdict, note: this.note,
      });
      this.apply(r.evaluation);
      this.fire("yk-evaluated", { conversationId: this.conversationId, evaluation: r.evaluation });
    } catch (e) {
      const f = fieldErrors(e);
      this.errors = f.fields;
      this.general = f.general;
    } finally {
      this.busy = false;
    }
  }

  private change(apply: () => void) {
    apply();
    this.dirty = true;
  }

  private err(name: string) {
    return this.errors[name] ? html`<span class="field-error" id="eval-err-${name}-${this.conversationId}" role="alert">${this.errors[name]}</span>` : nothing;
  }

  override render() {
    const cid = this.conversationId;
    // A topic disabled since it was chosen stays visible for the saved evaluation.
    const options = this.topics.some((x) => String(x.id) === this.topicId) || !this.topicId ? this.topics : [...this.topics, { id: Number(this.topicId), name: `#${this.topicId}` }];
    const status = this.busy ? t("care.saving") : this.saved && !this.dirty ? `${t("eval.savedAt")} · ${when(this.saved.updatedAt)}` : "";
    return html`<details class="evaluation">
      <summary>${t("eval.title")}${this.saved ? html` <span class="badge ok">${this.saved.verdict ? t(`eval.${this.saved.verdict}`) : t("care.saved")}</span>` : nothing}</summary>
      <form class="evaluation-form" @submit=${this.save} novalidate>
        <label>${t("eval.topic")}
          <select name="topicId" .value=${this.topicId} aria-invalid=${this.errors.topicId ? "true" : "false"}
            @change=${(e: Event) => this.change(() => (this.topicId = (e.target as HTMLSelectElement).value))}>
            <option value="" ?selected=${!this.topicId}>${t("eval.noTopic")}</option>
            ${options.map((x) => html`<option value=${String(x.id)} ?selected=${String(x.id) === this.topicId}>${x.name}</option>`)}
          </select>${this.err("topicId")}
        </label>
        <fieldset class="verdict">
          <legend>${t("eval.verdict")}</legend>
          ${(["valuable", "invalid"] as const).map((v) => html`<label class="check"><input type="radio" name="verdict-${cid}" value=${v} .checked=${this.verdict === v}
            @change=${() => this.change(() => (this.verdict = v))}> ${t(`eval.${v}`)}</label>`)}
          ${this.err("verdict")}
        </fieldset>
        <label>${t("eval.note")}
          <textarea name="note" rows="3" maxlength="1000" .value=${this.note} aria-invalid=${this.errors.note ? "true" : "false"}
            @input=${(e: Event) => this.change(() => (this.note = (e.target as HTMLTextAreaElement).value))}></textarea>${this.err("note")}
        </label>
        ${this.general ? html`<p class="form-error" role="alert">${this.general}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="btn primary" ?disabled=${this.busy}>${t("care.save")}</button>
          <span class="save-state" role="status">${status}</span>
        </div>
      </form>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-evaluation-form": YkEvaluationForm;
  }
}
