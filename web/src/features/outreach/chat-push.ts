/**
 * <yk-chat-push .conversationId> — push to the visitor of a chat: a URL (V10; http/https only,
 * checked here and by the server), the satisfaction survey (V13) and the info form (A16).
 * Shows what the visitor answered when the `rating` and `visitor` (with `info`) frames arrive.
 * Fires: nothing. Calls: POST /api/conversations/:id/push-url {url}, …/push-survey, …/push-form;
 * listens for `rating` and `visitor` frames. Only the chat's agents may push (the server checks).
 */
import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { outreachStyles, pushableUrl } from "./shared.ts";
import "./strings.ts";

let seq = 0;
interface Info {
  name: string;
  phone: string;
  email: string;
  company: string;
}

@customElement("yk-chat-push")
export class YkChatPush extends LitElement {
  static override styles = outreachStyles;

  @property({ type: Number }) conversationId = 0;

  @state() private url = "";
  @state() private urlError = "";
  @state() private status = "";
  @state() private error = "";
  @state() private busy = false;
  @state() private rating: { level: number; comment: string } | null = null;
  @state() private info: Info | null = null;

  private readonly ids = `yk-cp${++seq}`;
  private off: (() => void)[] = [];

  override connectedCallback() {
    super.connectedCallback();
    this.off.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("rating", (f: { conversationId: number; level: number; comment: string }) => {
        if (f.conversationId === this.conversationId) this.rating = { level: f.level, comment: f.comment };
      }),
      onFrame("visitor", (f: { conversationId?: number; info?: Info }) => {
        if (f.info && f.conversationId === this.conversationId) this.info = f.info;
      }),
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.off.splice(0).forEach((fn) => fn());
  }

  override updated(changed: Map<string, unknown>) {
    // Another chat: forget the previous chat's answers.
    if (changed.has("conversationId") && changed.get("conversationId") !== undefined) {
      this.rating = this.info = null;
      this.status = this.error = this.urlError = "";
    }
  }

  private async call(path: string, body: unknown, done: string) {
    this.busy = true;
    this.error = this.status = "";
    try {
      await api("POST", `/api/conversations/${this.conversationId}/${path}`, body);
      this.status = t(done);
      return true;
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      if (e?.field === "url") this.urlError = e.message;
      else this.error = e ? e.message : String(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Pushes a URL chosen elsewhere (a canned quick link) as if typed here. */
  pushUrl(url: string) {
    this.url = url;
    void this.submitUrl();
  }

  private async submitUrl(e?: Event) {
    e?.preventDefault();
    if (!pushableUrl(this.url)) {
      this.urlError = t("outreach.urlInvalid");
      this.renderRoot.querySelector<HTMLInputElement>("input[name=url]")?.focus();
      return;
    }
    this.urlError = "";
    if (await this.call("push-url", { url: this.url.trim() }, "outreach.urlPushed")) this.url = "";
  }

  override render() {
    const id = this.ids;
    const r = this.rating;
    const i = this.info;
    return html`
      <section aria-labelledby="${id}-h">
        <h3 id="${id}-h">${t("outreach.push")}</h3>
        <form @submit=${this.submitUrl} novalidate>
          <div class="grow">
            <label for="${id}-url">${t("outreach.url")}</label>
            <input id="${id}-url" name="url" inputmode="url" placeholder="https://" .value=${this.url}
              @input=${(e: Event) => (this.url = (e.target as HTMLInputElement).value)}
              aria-invalid=${this.urlError ? "true" : "false"} aria-describedby="${id}-ue" />
          </div>
          <button type="submit" ?disabled=${this.busy}>${t("outreach.pushUrl")}</button>
        </form>
        <p id="${id}-ue" class="err" role="alert">${this.urlError || nothing}</p>
        <div class="row">
          <button type="button" class="sec" data-push="survey" ?disabled=${this.busy} @click=${() => this.call("push-survey", undefined, "outreach.surveyPushed")}>${t("outreach.pushSurvey")}</button>
          <button type="button" class="sec" data-push="form" ?disabled=${this.busy} @click=${() => this.call("push-form", undefined, "outreach.formPushed")}>${t("outreach.pushForm")}</button>
        </div>
        <p class=${this.error ? "err" : "ok"} role="status" aria-live="polite">${this.error || this.status}</p>
        <div aria-live="polite">
          ${r
            ? html`<div class="answer" data-answer="rating">
                <div>${t("outreach.rating", { level: t(`outreach.level${r.level}`) })}</div>
                ${r.comment ? html`<div>${t("outreach.ratingComment", { comment: r.comment })}</div>` : nothing}
              </div>`
            : nothing}
          ${i
            ? html`<dl class="answer" data-answer="info">
                ${(["name", "phone", "email", "company"] as const).map((k) => (i[k] ? html`<dt>${t(`outreach.${k}`)}</dt><dd>${i[k]}</dd>` : nothing))}
              </dl>`
            : nothing}
        </div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-chat-push": YkChatPush;
  }
}
