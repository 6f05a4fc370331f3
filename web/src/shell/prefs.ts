import { api } from "../lib/api.ts";
import { Emitter } from "./base.ts";

/**
 * The agent's console preferences (GET/PUT /api/me/preferences; the server validates them).
 * Until they load the defaults apply, so the console works even if the request fails.
 */
export type NotifyEvent = "newVisitor" | "chatRequest" | "message" | "transfer" | "notice";
export const NOTIFY_EVENTS: NotifyEvent[] = ["newVisitor", "chatRequest", "message", "transfer", "notice"];
export type Channel = "desktop" | "sound" | "title";
export interface Preferences {
  sendKey: "enter" | "ctrl-enter";
  nextChatKey: string;
  switchAfterSend: boolean;
  showDraft: boolean;
  autoAwayMinutes: number;
  notify: Record<NotifyEvent, Record<Channel, boolean>>;
  lang: "zh-CN" | "en";
  visitorColumns: string[];
  visitorSort: { column: string; dir: "asc" | "desc" } | null;
}

const all = (desktop: boolean, sound: boolean, title: boolean) => ({ desktop, sound, title });
let prefs: Preferences = {
  sendKey: "enter", nextChatKey: "Alt+Z", switchAfterSend: false, showDraft: true, autoAwayMinutes: 10,
  notify: { newVisitor: all(false, false, false), chatRequest: all(true, true, true), message: all(true, true, true), transfer: all(true, true, true), notice: all(true, true, true) },
  lang: "zh-CN", visitorColumns: [], visitorSort: null,
};
export const prefsChanged = new Emitter();
export const getPrefs = (): Preferences => prefs;

export async function loadPrefs(): Promise<Preferences> {
  try {
    prefs = (await api<{ preferences: Preferences }>("GET", "/api/me/preferences")).preferences;
    prefsChanged.emit();
  } catch {
    /* the defaults stay */
  }
  return prefs;
}

/** Saves a partial update; the server's answer (the whole document) becomes current. */
export async function savePrefs(update: Partial<Preferences>): Promise<Preferences> {
  prefs = (await api<{ preferences: Preferences }>("PUT", "/api/me/preferences", update)).preferences;
  prefsChanged.emit();
  return prefs;
}
