import { LitElement } from "lit";
import { onLangChange } from "../lib/i18n.ts";

/**
 * The shell's elements render into the light DOM so one stylesheet (/console/console.css) styles
 * the whole console under the CSP (no inline styles), and redraw on a language switch.
 */
export class ShellElement extends LitElement {
  private offLang: (() => void) | null = null;
  protected override createRenderRoot() {
    return this;
  }
  override connectedCallback() {
    super.connectedCallback();
    this.offLang = onLangChange(() => this.requestUpdate());
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.offLang?.();
  }
}

/** A tiny change notifier for the console's stores: elements subscribe and request an update. */
export class Emitter {
  private fns = new Set<() => void>();
  on(fn: () => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  emit() {
    for (const f of this.fns) f();
  }
}
