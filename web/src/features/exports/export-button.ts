/**
 * <yk-export-button source="history" .filter=${{...}}> — exports what a feature currently shows
 * (X4): a button 导出 Export opens a small panel with the format (HTML, CSV, Excel XLSX); the
 * export runs as a job on the server while a progress bar shows rows / total, then a download
 * link appears. Errors (no permission, a bad filter) are shown in the panel. Renders nothing
 * without data.export.
 * Properties: source (string, attribute), filter (Record<string, string>; read when the export starts).
 * Fires: `yk-export-done` {id, filename, rows} when the file is ready.
 * Calls: POST /api/exports, GET /api/exports/:id (polled while running), DELETE /api/exports/:id
 *   (cancel); the link is GET /api/exports/:id/file.
 */
import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { LangElement } from "../../lib/lang-element.ts";
import { can } from "../../lib/session.ts";
import "./strings.ts";

type Format = "html" | "csv" | "xlsx";
interface Progress { id: string; state: "running" | "done" | "failed" | "cancelled"; rows: number; total: number | null; filename: string; error: string | null }

const FORMATS: Format[] = ["xlsx", "csv", "html"];
const POLL_MS = 600;

@customElement("yk-export-button")
export class YkExportButton extends LangElement {
  static override styles = css`
    :host { display: inline-block; position: relative; font: inherit; }
    .panel { position: absolute; z-index: 20; right: 0; min-width: 18rem; background: #fff; border: 1px solid #d0d7de; border-radius: .3rem; box-shadow: 0 4px 12px rgba(0,0,0,.15); padding: .6rem; display: grid; gap: .5rem; }
    label { display: grid; gap: .2rem; font-size: .85rem; }
    progress { width: 100%; }
    .count, .hint { font-size: .8rem; color: #57606a; }
    .error { color: #b42318; overflow-wrap: anywhere; }
    .row { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
    a.download { font-weight: 600; overflow-wrap: anywhere; }
    /* Form controls do not inherit the page's font inside a shadow root. */
    button, select { font: inherit; }
    button { padding: .3rem .75rem; border: 1px solid #d0d7de; border-radius: .3rem; background: #fff; color: #1f2328; cursor: pointer; }
    button:focus-visible, select:focus-visible, a:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
  `;

  @property() source = "";
  @property({ attribute: false }) filter: Record<string, string> = {};
  @state() private open = false;
  @state() private format: Format = "xlsx";
  @state() private job: Progress | null = null;
  @state() private error = "";
  @state() private busy = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  override connectedCallback() {
    super.connectedCallback();
    if (this.job?.state === "running") this.poll();
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stopPolling();
  }

  private stopPolling() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private poll() {
    this.stopPolling();
    this.timer = setTimeout(async () => {
      this.timer = null;
      const id = this.job?.id;
      if (!id) return;
      try {
        const p = await api<Progress>("GET", `/api/exports/${id}`);
        if (this.job?.id !== id) return;
        this.job = p;
        if (p.state === "running") this.poll();
        else if (p.state === "done") this.dispatchEvent(new CustomEvent("yk-export-done", { detail: { id: p.id, filename: p.filename, rows: p.rows }, bubbles: true, composed: true }));
      } catch (err) {
        this.error = (err as Error).message;
        this.job = null;
      }
    }, POLL_MS);
  }

  private async start(e: Event) {
    e.preventDefault();
    this.busy = true;
    this.error = "";
    try {
      this.job = await api<Progress>("POST", "/api/exports", { source: this.source, format: this.format, filter: this.filter ?? {} });
      this.poll();
    } catch (err) {
      const { message, field } = err as { message: string; field?: string };
      this.error = field && field !== "source" && field !== "format" ? `${field}: ${message}` : message;
    } finally {
      this.busy = false;
    }
  }

  private async cancel() {
    const id = this.job?.id;
    if (!id) return;
    this.stopPolling();
    this.busy = true;
    try {
      await api("DELETE", `/api/exports/${id}`);
      this.job = { ...this.job!, state: "cancelled" };
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private reset() {
    this.stopPolling();
    this.job = null;
    this.error = "";
  }

  private body() {
    const j = this.job;
    if (j?.state === "running") {
      const label = j.total === null ? t("export.progressOpen", { rows: j.rows }) : t("export.progress", { rows: j.rows, total: j.total });
      return html`<div class="running">
        <progress max=${j.total ?? nothing} value=${j.total === null ? nothing : Math.min(j.rows, j.total)} aria-label=${t("export.running")}></progress>
        <div class="count" role="status">${label}</div>
        <div class="row"><button type="button" class="cancel" ?disabled=${this.busy} @click=${this.cancel}>${t("export.cancel")}</button></div>
      </div>`;
    }
    if (j?.state === "done") {
      return html`<div class="done">
        <progress max="1" value="1"></progress>
        <div class="count" role="status">${t("export.progress", { rows: j.rows, total: j.rows })}</div>
        <a class="download" href="/api/exports/${encodeURIComponent(j.id)}/file" download>${t("export.download", { filename: j.filename })}</a>
        <div class="row"><button type="button" class="again" @click=${this.reset}>${t("export.again")}</button></div>
      </div>`;
    }
    const ended = j?.state === "failed" ? t("export.failed", { error: j.error ?? "" }) : j?.state === "cancelled" ? t("export.cancelled") : "";
    return html`<form @submit=${this.start}>
      <label>${t("export.format")}
        <select name="format" @change=${(e: Event) => (this.format = (e.target as HTMLSelectElement).value as Format)}>
          ${FORMATS.map((f) => html`<option value=${f} ?selected=${f === this.format}>${t(`export.${f}`)}</option>`)}
        </select>
      </label>
      ${ended ? html`<p class="error ended" role="alert">${ended}</p>` : nothing}
      <div class="row">
        <button type="submit" class="start" ?disabled=${this.busy}>${t("export.start")}</button>
        <button type="button" class="close" @click=${() => (this.open = false)}>${t("export.close")}</button>
      </div>
      <div class="hint">${t("export.hint")}</div>
    </form>`;
  }

  override render() {
    if (!can("data.export")) return nothing;
    return html`<button type="button" class="export-open" aria-expanded=${this.open ? "true" : "false"} @click=${() => (this.open = !this.open)}>${t("export.button")}</button>
      ${this.open ? html`<div class="panel">
        ${this.body()}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </div>` : nothing}`;
  }
}
