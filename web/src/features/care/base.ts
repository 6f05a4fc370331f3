import { LangElement } from "../../lib/lang-element.ts";

/**
 * The care elements render into the light DOM, like the shell's, so the console stylesheet
 * styles them under the CSP (no inline styles), and they redraw on a language switch.
 */
export class CareElement extends LangElement {
  protected override createRenderRoot() {
    return this;
  }
  /** A bubbling, composed CustomEvent (the shell listens above the element). */
  protected fire(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

/** A server error's field message map, from an ApiError (field) or a general message. */
export function fieldErrors(e: unknown): { fields: Record<string, string>; general: string } {
  const err = e as { field?: string; message?: string };
  if (err?.field) return { fields: { [err.field]: err.message ?? "" }, general: "" };
  return { fields: {}, general: err?.message ?? String(e) };
}
