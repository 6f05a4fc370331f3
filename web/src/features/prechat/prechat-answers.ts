/**
 * <yk-prechat-answers .answers=${[...]}> — what the visitor answered in the site's pre-chat
 * form (V7) before each chat: the question type that routed it and the custom fields, newest
 * first. Name, phone, email and company went into the visitor's profile and are shown there.
 * Properties: answers (the `prechat` list of GET /api/visitors/:id).
 * Fires: nothing. Calls: nothing (the visitor panel fetches the data).
 */
import { LitElement, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { onLangChange, register, t } from "../../lib/i18n.ts";

export interface PrechatAnswer {
  conversationId: number;
  at: number;
  questionType: string;
  custom: { id: string; label: string; value: string }[];
}

register({
  "zh-CN": { "prechat.title": "询前表单", "prechat.questionType": "问题类型", "prechat.chat": "对话 #{id}" },
  en: { "prechat.title": "Pre-chat form", "prechat.questionType": "Question type", "prechat.chat": "Chat #{id}" },
});

const when = (ms: number) => new Date(ms).toLocaleString();

@customElement("yk-prechat-answers")
export class YkPrechatAnswers extends LitElement {
  @property({ attribute: false }) answers: PrechatAnswer[] = [];
  private offLang: (() => void) | null = null;

  // Light DOM, like the care elements: the console stylesheet applies under the CSP.
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

  override render() {
    if (!this.answers?.length) return nothing;
    return html`<h4>${t("prechat.title")}</h4>
      ${this.answers.map((a) => html`<dl class="facts prechat" data-conversation=${String(a.conversationId)}>
        <dt>${t("prechat.chat", { id: a.conversationId })}</dt><dd><time>${when(a.at)}</time></dd>
        ${a.questionType ? html`<dt>${t("prechat.questionType")}</dt><dd class="question-type">${a.questionType}</dd>` : nothing}
        ${a.custom.map((c) => html`<dt>${c.label}</dt><dd class="custom-answer">${c.value}</dd>`)}
      </dl>`)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-prechat-answers": YkPrechatAnswers;
  }
}
