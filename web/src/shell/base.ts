import { LangElement } from "../lib/lang-element.ts";

/**
 * The shell's elements render into the light DOM so one stylesheet (/console/console.css) styles
 * the whole console under the CSP (no inline styles), and redraw on a language switch.
 */
export class ShellElement extends LangElement {
  protected override createRenderRoot() {
    return this;
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
