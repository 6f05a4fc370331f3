/**
 * <yk-transfer-inbox> — mounted once by the shell. Pops up incoming `transfer_request` and
 * `guest_invitation` frames with the visitor, the colleague, the note and a countdown, with
 * accept/decline (POST /api/transfers/:id/accept|decline, /api/guest-invitations/:id/accept|decline).
 * A request that ends elsewhere (`transfer_ended`, `transfer_withdrawn`, `guest_invitation_ended`)
 * or runs out of time disappears.
 * Properties: none.
 * Fires `yk-open-conversation` {conversationId} after an accept, so the shell opens the chat
 * (bubbles, composed).
 */
import { LitElement, css, html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { fire, offsetFrom, secondsLeft } from "./clock.ts";
import { collabStyles } from "./styles.ts";
import "./strings.ts";

interface Item {
  kind: "transfer" | "guest";
  id: number;
  conversationId: number;
  from: string;
  group: string;
  visitor: string;
  note: string;
  deadline: number;
  offset: number;
  error: string;
  busy: boolean;
}

@customElement("yk-transfer-inbox")
export class YkTransferInbox extends LitElement {
  static override styles = [
    collabStyles,
    css`
      :host { position: fixed; right: 1rem; bottom: 1rem; z-index: 50; display: flex; flex-direction: column; gap: 0.5rem; max-width: 22rem; }
      .box { box-shadow: 0 4px 16px rgb(0 0 0 / 0.15); }
      p { margin: 0.2rem 0; }
    `,
  ];
  @state() private items: Item[] = [];
  private undo: (() => void)[] = [];
  private tick: ReturnType<typeof setInterval> | null = null;

  override connectedCallback() {
    super.connectedCallback();
    const drop = (kind: Item["kind"]) => (f: { id: number }) => (this.items = this.items.filter((i) => !(i.kind === kind && i.id === f.id)));
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("transfer_request", (f) => this.add("transfer", f)),
      onFrame("guest_invitation", (f) => this.add("guest", f)),
      onFrame("transfer_ended", drop("transfer")),
      onFrame("transfer_withdrawn", drop("transfer")),
      onFrame("guest_invitation_ended", drop("guest")),
    );
    this.tick = setInterval(() => {
      // Past the deadline the server expires it; the popup need not wait for the frame.
      this.items = this.items.filter((i) => secondsLeft(i.deadline, i.offset) > 0 || i.busy);
    }, 1000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.undo.splice(0).forEach((u) => u());
    if (this.tick) clearInterval(this.tick);
  }

  private add(kind: Item["kind"], f: any) {
    if (this.items.some((i) => i.kind === kind && i.id === f.id)) return;
    this.items = [...this.items, {
      kind, id: f.id, conversationId: f.conversationId, from: f.from?.name ?? "", group: f.group?.name ?? "", visitor: f.visitor?.name || (f.visitor?.id ? `#${f.visitor.id}` : ""),
      note: f.note ?? "", deadline: f.deadline, offset: offsetFrom(f.serverTime), error: "", busy: false,
    }];
  }

  private update1(item: Item, patch: Partial<Item>) {
    this.items = this.items.map((i) => (i === item ? { ...i, ...patch } : i));
  }

  private async answer(item: Item, accept: boolean) {
    this.update1(item, { busy: true, error: "" });
    const path = item.kind === "transfer" ? `/api/transfers/${item.id}` : `/api/guest-invitations/${item.id}`;
    try {
      await api("POST", `${path}/${accept ? "accept" : "decline"}`);
      this.items = this.items.filter((i) => !(i.kind === item.kind && i.id === item.id));
      if (accept) fire(this, "yk-open-conversation", { conversationId: item.conversationId });
    } catch (e) {
      const current = this.items.find((i) => i.kind === item.kind && i.id === item.id);
      // Someone else won, or it ran out: say so briefly, then let the countdown clear it.
      if (current) this.update1(current, { busy: false, error: e instanceof ApiError ? e.message : String(e), deadline: Math.min(current.deadline, Date.now() + current.offset + 4000) });
    }
  }

  private headline(i: Item) {
    if (i.kind === "guest") return t("collab.inbox.guest", { from: i.from });
    return i.group ? t("collab.inbox.transferGroup", { from: i.from, group: i.group }) : t("collab.inbox.transfer", { from: i.from });
  }

  override render() {
    return this.items.map((i) => html`<section class="box" role="alertdialog" aria-label=${this.headline(i)} data-kind=${i.kind} data-id=${i.id}>
      <h2>${this.headline(i)}</h2>
      <p>${t("collab.inbox.visitor", { name: i.visitor })}</p>
      ${i.note ? html`<p class="note">${t("collab.inbox.note", { note: i.note })}</p>` : ""}
      <p class="muted countdown">${t("collab.inbox.countdown", { s: secondsLeft(i.deadline, i.offset) })}</p>
      ${i.error ? html`<p class="error" role="alert">${i.error}</p>` : ""}
      <div class="actions">
        <button type="button" ?disabled=${i.busy} @click=${() => this.answer(i, false)}>${t("collab.inbox.decline")}</button>
        <button type="button" class="primary" ?disabled=${i.busy || Boolean(i.error)} @click=${() => this.answer(i, true)}>${t("collab.inbox.accept")}</button>
      </div>
    </section>`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-transfer-inbox": YkTransferInbox;
  }
}
