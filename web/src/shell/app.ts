import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ShellElement } from "./base.ts";
import { api, setCsrfToken } from "../lib/api.ts";
import { onFrame } from "../lib/channel.ts";
import { currentLang, setLang, t } from "../lib/i18n.ts";
import { can, getMe, setMe, type Me } from "../lib/session.ts";
import { startConnection, type ConnState } from "./connection.ts";
import { AutoAway } from "./idle.ts";
import { matchesHotkey, parseHotkey } from "./hotkey.ts";
import { notify, refreshTitle, setBadge } from "./notify.ts";
import { getPrefs, loadPrefs, prefsChanged, savePrefs } from "./prefs.ts";
import { workspace } from "../workspace/store.ts";
import "./strings.ts";
import "./settings.ts";
import "../workspace/workspace.ts";
import type { YkSettings } from "./settings.ts";
import type { YkChatView } from "../workspace/chat-view.ts";

/** A reason the server gives for an effective status; shown as sent when there is no translation. */
const reasonText = (reason: string) => (t(`status.reason.${reason}`) === `status.reason.${reason}` ? reason : t(`status.reason.${reason}`));

type Section = "visitors" | "workspace" | "team" | "canned" | "history" | "inbox" | "customers" | "supervision";
const SECTIONS: Section[] = ["visitors", "workspace", "team", "canned", "history", "inbox", "customers", "supervision"];
const seesHistory = () => can("history.own") || can("history.department") || can("history.all");
/** Sections shown only to holders of their permission; the server refuses the rest anyway. */
const SECTION_ALLOWED: Partial<Record<Section, () => boolean>> = {
  history: seesHistory,
  inbox: () => can("leave.read"),
  customers: () => can("customers.read"),
  supervision: () => can("chat.monitor"),
};
const sectionAllowed = (s: Section) => SECTION_ALLOWED[s]?.() ?? true;
const STATUSES = ["online", "busy", "away", "invisible"] as const;

/**
 * The agent console's frame (A1, A2, A22): header with status, connection indicator, counters,
 * language, links and sign-out; the four sections; the one agent socket; auto-away; shortcuts;
 * notifications and the unread badge. Feature elements (web/src/features) are mounted here by
 * tag; until a feature is merged its tag simply renders nothing.
 */
@customElement("yk-console")
export class YkConsole extends ShellElement {
  @state() private me: Me | null = null;
  @state() private conn: ConnState = "connecting";
  @state() private status = "online";
  @state() private effective: { status: string; reason?: string } | null = null;
  @state() private section: Section = (localStorage.getItem("yk.section") as Section) || "workspace";
  @state() private toEvaluate: number | null = null;
  @state() private openVisitor: { visitorId: number; siteId: number } | null = null;
  @state() private openCustomer: number | null = null;
  @state() private signingOut = false;
  private autoAway = new AutoAway({
    minutes: () => getPrefs().autoAwayMinutes,
    now: () => Date.now(),
    status: () => this.status,
    setStatus: (s) => void this.putStatus(s),
  });
  private knownVisitors = new Set<number>();
  private connection: { stop(): void } | null = null;
  private booted = false;

  protected override createRenderRoot() {
    // The page's "connecting" placeholder goes; lit renders the console in its place.
    this.replaceChildren();
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    // A 401 already sent the browser to the sign-in page (lib/api.ts); nothing else to do.
    this.boot().catch((e) => (e as { status?: number }).status !== 401 && console.error(e));
  }

  private async boot() {
    const me = await api<Me>("GET", "/api/me");
    setCsrfToken(me.csrfToken);
    setMe(me);
    this.me = me;
    const prefs = await loadPrefs();
    if (prefs.lang !== currentLang()) setLang(prefs.lang);
    document.documentElement.lang = currentLang();
    if (!SECTIONS.includes(this.section) || !sectionAllowed(this.section)) this.section = "workspace";
    workspace.visible = this.section === "workspace";
    this.wireFrames();
    this.wireEvents();
    workspace.changed.on(() => {
      setBadge(workspace.unreadTotal);
      this.requestUpdate();
    });
    prefsChanged.on(() => this.requestUpdate());
    this.connection = startConnection({
      onState: (s) => (this.conn = s),
      onConnected: (resumed, frame) => {
        if (typeof frame.status === "string") this.status = frame.status;
        void (resumed ? workspace.resume() : Promise.all([workspace.loadWaiting(), workspace.loadMine()])).catch(() => {});
        void this.loadCounters();
      },
    });
    setInterval(() => this.autoAway.tick(), 15_000);
    refreshTitle();
    this.booted = true;
  }

  private wireFrames() {
    onFrame("status", (f) => {
      if (typeof f.status === "string") this.status = f.status;
      this.effective = f.effective && f.effective !== f.status ? { status: f.effective, reason: f.reason } : null;
    });
    onFrame("counters", (f) => {
      if (typeof f.toEvaluate === "number") this.toEvaluate = f.toEvaluate;
    });
    onFrame("visitor", (f) => {
      const id = f.visitor?.id;
      if (!id || this.knownVisitors.has(id)) return;
      this.knownVisitors.add(id);
      // Only visitors who just arrived: the first update of one browsing for a while is not news.
      if (this.booted && f.visitor.status !== "gone" && Date.now() - Number(f.visitor.enteredAt) < 60_000) notify("newVisitor", t("notify.newVisitor"), f.visitor.name || String(id));
    });
    for (const type of ["transfer_request", "transfer_offer"]) onFrame(type, (f) => notify("transfer", t("notify.transfer"), String(f.fromName ?? f.note ?? "")));
  }

  private wireEvents() {
    const activity = () => this.autoAway.activity();
    for (const ev of ["pointerdown", "pointermove", "keydown", "wheel"]) document.addEventListener(ev, activity, { passive: true });
    document.addEventListener("keydown", (e) => {
      if (matchesHotkey(e, parseHotkey(getPrefs().nextChatKey))) {
        e.preventDefault();
        this.go("workspace");
        workspace.next();
        void this.updateComplete.then(() => this.chatView()?.focusComposer());
      }
    });
    const seen = () => !document.hidden && this.section === "workspace" && workspace.seen();
    document.addEventListener("visibilitychange", seen);
    addEventListener("focus", seen);
    this.addEventListener("yk-open-conversation", (e) => {
      const id = Number((e as CustomEvent).detail?.conversationId);
      if (!id) return;
      // The drawer would cover the chat (its toolbar too); the chat has its own visitor panel.
      this.openVisitor = null;
      this.go("workspace");
      void workspace.open(id).catch((err) => workspace.flash((err as Error).message));
    });
    this.addEventListener("yk-open-visitor", (e) => {
      const d = (e as CustomEvent).detail ?? {};
      if (d.visitorId) this.openVisitor = { visitorId: Number(d.visitorId), siteId: Number(d.siteId) };
    });
    this.addEventListener("yk-open-customer", (e) => {
      const id = Number((e as CustomEvent).detail?.visitorId);
      if (!id) return;
      this.openVisitor = null;
      this.openCustomer = id;
    });
    this.addEventListener("yk-open-history", (e) => {
      const id = Number((e as CustomEvent).detail?.conversationId);
      if (!id || !seesHistory()) return;
      this.openVisitor = null;
      this.openCustomer = null;
      this.go("history");
      void this.updateComplete.then(() => (this.querySelector("yk-history") as (HTMLElement & { openDetail?: (id: number) => void }) | null)?.openDetail?.(id));
    });
    this.addEventListener("yk-insert", (e) => this.chatView()?.insertText(String((e as CustomEvent).detail?.text ?? "")));
    this.addEventListener("yk-push-url", (e) => {
      const url = String((e as CustomEvent).detail?.url ?? "");
      const pusher = this.querySelector("yk-chat-view yk-chat-push") as (HTMLElement & { pushUrl?: (u: string) => void }) | null;
      // Handled here: the picker must not also post the link as a plain chat message.
      e.preventDefault();
      if (pusher?.pushUrl) pusher.pushUrl(url);
      else this.chatView()?.insertText(url);
    });
    this.addEventListener("yk-notice", (e) => notify("notice", t("notify.notice"), String((e as CustomEvent).detail?.title ?? "")));
  }

  private chatView() {
    return this.querySelector<YkChatView>("yk-chat-view");
  }

  private async loadCounters() {
    try {
      const c = await api<{ toEvaluate?: number }>("GET", "/api/me/counters");
      if (typeof c.toEvaluate === "number") this.toEvaluate = c.toEvaluate;
    } catch {
      /* not merged yet, or refused: the counter stays hidden */
    }
  }

  private async putStatus(next: string) {
    try {
      const r = await api<{ status: string }>("PUT", "/api/me/status", { status: next });
      this.status = r.status;
    } catch (e) {
      workspace.flash((e as Error).message);
    }
  }

  private pickStatus(e: Event) {
    this.autoAway.manual();
    void this.putStatus((e.target as HTMLSelectElement).value);
  }

  private go(s: Section) {
    this.section = s;
    localStorage.setItem("yk.section", s);
    if (s === "workspace") workspace.seen();
    workspace.visible = s === "workspace";
  }

  private switchLang() {
    const next = currentLang() === "en" ? "zh-CN" : "en";
    setLang(next);
    refreshTitle();
    void savePrefs({ lang: next }).catch(() => {});
  }

  private signOut() {
    if (customElements.get("yk-signout-guard")) {
      this.signingOut = true;
      return;
    }
    void this.logout();
  }

  private async logout() {
    // Closed first, so the socket's own "signed out" close does not race this navigation.
    this.connection?.stop();
    await fetch("/logout", { method: "POST", headers: { "x-csrf-token": getMe().csrfToken }, credentials: "same-origin" }).catch(() => {});
    location.href = "/login";
  }

  override render() {
    const me = this.me;
    if (!me) return html`<p class="booting">${t("app.connecting")}</p>`;
    const admin = me.permissions.some((p) => p.endsWith(".manage") || p === "audit.read" || p === "loginlog.read");
    const statusLabel = (s: string) => t(`status.${s}`);
    return html`<header class="console-head">
        <div class="brand"><span class="logo" aria-hidden="true">迎</span> 迎客 <small>${t("app.title")}</small></div>
        <span id="who" class="who">${me.displayName} (${me.username})</span>
        <label class="status-menu">${t("status.label")}
          <select name="status" class="status-select ${this.status}" .value=${this.status} @change=${this.pickStatus}>
            ${STATUSES.filter((s) => s !== "invisible" || can("chat.invisible") || this.status === "invisible").map(
              (s) => html`<option value=${s} ?selected=${s === this.status}>${statusLabel(s)}${s === "away" && this.autoAway.active ? t("status.auto") : ""}</option>`,
            )}
          </select>
        </label>
        ${this.effective
          ? html`<span class="effective" role="status">${t("status.effective", { status: statusLabel(this.effective.status) })}${this.effective.reason ? ` · ${reasonText(this.effective.reason)}` : ""}</span>`
          : nothing}
        <span id="status" class="conn ${this.conn}" data-state=${this.conn === "connected" ? "online" : this.conn} role="status">${t(`conn.${this.conn}`)}</span>
        <span class="counters">
          <span class="counter waiting">${t("count.waiting")} <b>${workspace.waiting.size}</b></span>
          <span class="counter unread">${t("count.unread")} <b>${workspace.unreadTotal}</b></span>
          ${this.toEvaluate !== null ? html`<span class="counter to-evaluate">${t("count.toEvaluate")} <b>${this.toEvaluate}</b></span>` : nothing}
          <yk-inbox-badge @click=${() => this.go("inbox")}></yk-inbox-badge>
        </span>
        <span class="head-links">
          <button type="button" class="link lang-switch" lang=${currentLang() === "en" ? "zh-CN" : "en"} @click=${this.switchLang}>${t("nav.lang")}</button>
          <button type="button" class="link settings-open" @click=${() => this.querySelector<YkSettings>("yk-settings")?.open()}>${t("nav.settings")}</button>
          ${admin ? html`<a href="/admin">${t("nav.admin")}</a>` : nothing}
          <a href="/account">${t("nav.account")}</a>
          <button type="button" class="link signout" @click=${this.signOut}>${t("nav.signout")}</button>
        </span>
      </header>
      <nav class="sections" role="tablist">
        ${SECTIONS.filter(sectionAllowed).map(
          (s) => html`<button type="button" role="tab" class="section-tab" data-section=${s} aria-selected=${this.section === s ? "true" : "false"} @click=${() => this.go(s)}>
            ${t(`nav.${s}`)}${s === "workspace" && workspace.unreadTotal ? html` <span class="badge">${workspace.unreadTotal}</span>` : nothing}
          </button>`,
        )}
      </nav>
      <main class="sections-body">
        <section class="section section-visitors" ?hidden=${this.section !== "visitors"}><yk-visitor-list></yk-visitor-list></section>
        <section class="section section-workspace" ?hidden=${this.section !== "workspace"}><yk-workspace></yk-workspace></section>
        <section class="section section-team" ?hidden=${this.section !== "team"}><yk-internal-chat></yk-internal-chat></section>
        <section class="section section-canned" ?hidden=${this.section !== "canned"}><yk-canned-manager></yk-canned-manager></section>
        ${seesHistory() ? html`<section class="section section-history" ?hidden=${this.section !== "history"}><yk-history></yk-history></section>` : nothing}
        ${can("leave.read") ? html`<section class="section section-inbox" ?hidden=${this.section !== "inbox"}><yk-leave-inbox></yk-leave-inbox></section>` : nothing}
        ${can("customers.read") ? html`<section class="section section-customers" ?hidden=${this.section !== "customers"}><yk-customer-search></yk-customer-search></section>` : nothing}
        ${can("chat.monitor") ? html`<section class="section section-supervision" ?hidden=${this.section !== "supervision"}><yk-supervision></yk-supervision></section>` : nothing}
      </main>
      ${this.openVisitor
        ? html`<aside class="visitor-drawer" aria-label=${t("ws.visitorPanel")}>
            <button type="button" class="btn close" @click=${() => (this.openVisitor = null)}>${t("ws.close")}</button>
            <yk-visitor-panel .visitorId=${this.openVisitor.visitorId}></yk-visitor-panel>
            <yk-visitor-actions .visitorId=${this.openVisitor.visitorId} .siteId=${this.openVisitor.siteId}></yk-visitor-actions>
          </aside>`
        : nothing}
      ${this.openCustomer !== null
        ? html`<aside class="visitor-drawer customer-drawer" aria-label=${t("ws.customer")}>
            <button type="button" class="btn close" @click=${() => (this.openCustomer = null)}>${t("ws.close")}</button>
            <yk-customer-360 .visitorId=${this.openCustomer}></yk-customer-360>
          </aside>`
        : nothing}
      ${this.signingOut
        ? html`<yk-signout-guard @yk-signout-confirmed=${() => void this.logout()} @yk-signout-cancelled=${() => (this.signingOut = false)}></yk-signout-guard>`
        : nothing}
      <yk-transfer-inbox></yk-transfer-inbox>
      <yk-notices></yk-notices>
      <yk-settings></yk-settings>`;
  }
}
