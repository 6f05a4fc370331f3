import { LitElement } from "lit";
import { onLangChange } from "./i18n.ts";

/** A console element that redraws when the agent switches the language. */
export class LangElement extends LitElement {
  private offLang: (() => void) | null = null;
  override connectedCallback() {
    super.connectedCallback();
    this.offLang = onLangChange(() => this.requestUpdate());
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.offLang?.();
  }
}
