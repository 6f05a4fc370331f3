import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ShellElement } from "../shell/base.ts";
import { t } from "../lib/i18n.ts";

/**
 * Screen region capture (A15): getDisplayMedia → one frame on a canvas → the agent drags a
 * rectangle → that region as a PNG. Fires `yk-captured` {blob} (or nothing when cancelled).
 * The selection is drawn on the canvas itself, so no inline style is ever needed.
 */
@customElement("yk-capture")
export class YkCapture extends ShellElement {
  @state() private open = false;
  @state() private error = "";
  private frame: HTMLCanvasElement | null = null;
  private sel: { x0: number; y0: number; x1: number; y1: number } | null = null;
  private dragging = false;

  async start() {
    this.error = "";
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const video = document.createElement("video");
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      await new Promise((r) => requestAnimationFrame(r));
      const c = document.createElement("canvas");
      c.width = video.videoWidth;
      c.height = video.videoHeight;
      c.getContext("2d")!.drawImage(video, 0, 0);
      for (const track of stream.getTracks()) track.stop();
      this.frame = c;
      this.sel = null;
      this.open = true;
      await this.updateComplete;
      this.draw();
    } catch (e) {
      this.error = t("ws.captureFailed", { error: (e as Error).message });
      this.open = true;
    }
  }

  private get canvas() {
    return this.querySelector<HTMLCanvasElement>("canvas.capture");
  }

  private draw() {
    const c = this.canvas;
    if (!c || !this.frame) return;
    c.width = this.frame.width;
    c.height = this.frame.height;
    const g = c.getContext("2d")!;
    g.drawImage(this.frame, 0, 0);
    if (!this.sel) return;
    const { x, y, w, h } = this.rect();
    g.fillStyle = "rgba(0,0,0,0.45)";
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(this.frame, x, y, w, h, x, y, w, h);
    g.strokeStyle = "#1a56a8";
    g.lineWidth = Math.max(2, c.width / 600);
    g.strokeRect(x, y, w, h);
  }

  private rect() {
    const s = this.sel!;
    return { x: Math.min(s.x0, s.x1), y: Math.min(s.y0, s.y1), w: Math.abs(s.x1 - s.x0), h: Math.abs(s.y1 - s.y0) };
  }

  private point(e: PointerEvent) {
    const c = this.canvas!;
    const r = c.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * c.width) / r.width, y: ((e.clientY - r.top) * c.height) / r.height };
  }

  private down = (e: PointerEvent) => {
    const p = this.point(e);
    this.sel = { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
    this.dragging = true;
    (e.target as Element).setPointerCapture?.(e.pointerId);
  };
  private move = (e: PointerEvent) => {
    if (!this.dragging || !this.sel) return;
    const p = this.point(e);
    this.sel.x1 = p.x;
    this.sel.y1 = p.y;
    this.draw();
  };
  private up = () => {
    this.dragging = false;
    this.requestUpdate();
  };

  private send() {
    if (!this.frame) return;
    const { x, y, w, h } = this.sel && this.rect().w > 4 && this.rect().h > 4 ? this.rect() : { x: 0, y: 0, w: this.frame.width, h: this.frame.height };
    const out = document.createElement("canvas");
    out.width = Math.round(w);
    out.height = Math.round(h);
    out.getContext("2d")!.drawImage(this.frame, x, y, w, h, 0, 0, out.width, out.height);
    out.toBlob((blob) => {
      if (blob) this.dispatchEvent(new CustomEvent("yk-captured", { detail: { blob }, bubbles: true, composed: true }));
    }, "image/png");
    this.cancel();
  }

  private cancel() {
    this.open = false;
    this.frame = null;
    this.sel = null;
  }

  override render() {
    if (!this.open) return nothing;
    return html`<div class="overlay" role="dialog" aria-modal="true" aria-label=${t("ws.capture")}>
      <div class="capture-box">
        ${this.error
          ? html`<p class="error">${this.error}</p>`
          : html`<p>${t("ws.captureHelp")}</p>
              <canvas class="capture" @pointerdown=${this.down} @pointermove=${this.move} @pointerup=${this.up}></canvas>`}
        <div class="actions">
          ${this.error ? nothing : html`<button type="button" class="btn primary" @click=${() => this.send()}>${t("ws.captureSend")}</button>`}
          <button type="button" class="btn" @click=${() => this.cancel()}>${t("ws.cancel")}</button>
        </div>
      </div>
    </div>`;
  }
}
