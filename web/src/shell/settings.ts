import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ShellElement } from "./base.ts";
import { t } from "../lib/i18n.ts";
import { ApiError } from "../lib/api.ts";
import { getPrefs, NOTIFY_EVENTS, savePrefs, type Channel, type Preferences } from "./prefs.ts";
import { askDesktopPermission, playSound } from "./notify.ts";
import { describeKey } from "./hotkey.ts";

/**
 * The settings dialog: send key, next-chat shortcut, switch after send, live draft, auto-away,
 * and each notification channel per event. Saved to /api/me/preferences; a refused value shows
 * the server's message beside the form. Call open().
 */
@customElement("yk-settings")
export class YkSettings extends ShellElement {
  @state() private draft: Preferences | null = null;
  @state() private message = "";
  @state() private permission = "Notification" in globalThis ? Notification.permission : "unsupported";

  open() {
    this.draft = structuredClone(getPrefs());
    this.message = "";
    void this.updateComplete.then(() => this.querySelector<HTMLDialogElement>("dialog")?.showModal());
  }
  private close() {
    this.querySelector<HTMLDialogElement>("dialog")?.close();
    this.draft = null;
  }

  private async save(e: Event) {
    e.preventDefault();
    const d = this.draft!;
    try {
      await savePrefs({ sendKey: d.sendKey, nextChatKey: d.nextChatKey, switchAfterSend: d.switchAfterSend, showDraft: d.showDraft, autoAwayMinutes: d.autoAwayMinutes, notify: d.notify });
      this.message = t("settings.saved");
      this.close();
    } catch (err) {
      this.message = err instanceof ApiError ? `${err.field ? err.field + ": " : ""}${err.message}` : String(err);
    }
  }

  private async allow() {
    this.permission = await askDesktopPermission();
  }

  override render() {
    const d = this.draft;
    if (!d) return nothing;
    const set = (fn: (p: Preferences) => void) => {
      fn(d);
      this.requestUpdate();
    };
    return html`<dialog class="settings" aria-labelledby="settings-title" @close=${() => (this.draft = null)}>
      <form @submit=${this.save}>
        <h2 id="settings-title">${t("settings.title")}</h2>
        <fieldset>
          <legend>${t("settings.sendKey")}</legend>
          <label><input type="radio" name="sendKey" value="enter" .checked=${d.sendKey === "enter"} @change=${() => set((p) => (p.sendKey = "enter"))}> ${t("settings.sendEnter")}</label>
          <label><input type="radio" name="sendKey" value="ctrl-enter" .checked=${d.sendKey === "ctrl-enter"} @change=${() => set((p) => (p.sendKey = "ctrl-enter"))}> ${t("settings.sendCtrl")}</label>
        </fieldset>
        <label class="field">${t("settings.nextChatKey")}
          <input name="nextChatKey" readonly .value=${d.nextChatKey} title=${t("settings.pressKey")}
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === "Tab" && !e.altKey && !e.ctrlKey) return;
              e.preventDefault();
              const k = describeKey(e);
              if (k) set((p) => (p.nextChatKey = k));
            }}>
        </label>
        <label class="check"><input type="checkbox" name="switchAfterSend" .checked=${d.switchAfterSend} @change=${(e: Event) => set((p) => (p.switchAfterSend = (e.target as HTMLInputElement).checked))}> ${t("settings.switchAfterSend")}</label>
        <label class="check"><input type="checkbox" name="showDraft" .checked=${d.showDraft} @change=${(e: Event) => set((p) => (p.showDraft = (e.target as HTMLInputElement).checked))}> ${t("settings.showDraft")}</label>
        <label class="field">${t("settings.autoAway")}
          <input name="autoAwayMinutes" type="number" min="0" max="240" step="1" .value=${String(d.autoAwayMinutes)} @input=${(e: Event) => set((p) => (p.autoAwayMinutes = Number((e.target as HTMLInputElement).value)))}>
        </label>
        <h3>${t("settings.notify")}</h3>
        <table class="notify-table">
          <thead><tr><th>${t("settings.event")}</th><th>${t("settings.desktop")}</th><th>${t("settings.sound")}</th><th>${t("settings.titleFlash")}</th></tr></thead>
          <tbody>
            ${NOTIFY_EVENTS.map(
              (ev) => html`<tr><th scope="row">${t(`event.${ev}`)}</th>
                ${(["desktop", "sound", "title"] as Channel[]).map(
                  (ch) => html`<td><input type="checkbox" name=${`notify.${ev}.${ch}`} aria-label=${`${t(`event.${ev}`)} ${ch}`} .checked=${d.notify[ev][ch]}
                    @change=${(e: Event) => set((p) => (p.notify[ev][ch] = (e.target as HTMLInputElement).checked))}></td>`,
                )}</tr>`,
            )}
          </tbody>
        </table>
        <p>
          ${t("settings.desktopState", { state: this.permission })}
          ${this.permission === "default" ? html`<button type="button" class="btn" @click=${this.allow}>${t("settings.allowDesktop")}</button>` : nothing}
          <button type="button" class="btn" @click=${playSound}>${t("settings.testSound")}</button>
        </p>
        ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="btn primary">${t("settings.save")}</button>
          <button type="button" class="btn" @click=${() => this.close()}>${t("settings.close")}</button>
        </div>
      </form>
    </dialog>`;
  }
}
