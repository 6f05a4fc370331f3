import { getPrefs, type NotifyEvent } from "./prefs.ts";

/**
 * Notifications (A18), each channel switchable per event in the preferences: a desktop
 * notification (asked for on a click in the settings dialog, never on load), the bundled sound,
 * and a flashing title. The unread badge (title count and a dot on the favicon) is separate:
 * it always reflects the unread count.
 */
const baseTitle = () => document.documentElement.lang === "en" ? "Console · Yingke" : "工作台 · 迎客";
let unread = 0;
let flashing: ReturnType<typeof setInterval> | null = null;
let flashOn = false;
let audio: HTMLAudioElement | null = null;
let iconUrl = "";

function renderTitle() {
  const flag = flashOn ? (document.documentElement.lang === "en" ? "【New】" : "【新消息】") : "";
  document.title = `${flag}${unread ? `(${unread}) ` : ""}${baseTitle()}`;
}

function stopFlash() {
  if (flashing) clearInterval(flashing);
  flashing = null;
  flashOn = false;
  renderTitle();
}
addEventListener("focus", stopFlash);
document.addEventListener("visibilitychange", () => !document.hidden && stopFlash());

export function playSound() {
  audio ??= new Audio("/console/notify.wav");
  audio.currentTime = 0;
  void audio.play().catch(() => {});
}

export function notify(event: NotifyEvent, title: string, body: string) {
  const ch = getPrefs().notify[event];
  if (!ch) return;
  const away = document.hidden || !document.hasFocus();
  if (ch.sound) playSound();
  if (ch.desktop && away && "Notification" in globalThis && Notification.permission === "granted") {
    const n = new Notification(title, { body: body.slice(0, 200), tag: `yk-${event}`, icon: "/assets/favicon.svg" });
    n.onclick = () => {
      focus();
      n.close();
    };
  }
  if (ch.title && away && !flashing) {
    flashing = setInterval(() => {
      flashOn = !flashOn;
      renderTitle();
    }, 1000);
  }
}

/** Asked on a click (browsers refuse permission prompts without a user gesture). */
export async function askDesktopPermission(): Promise<string> {
  if (!("Notification" in globalThis)) return "unsupported";
  return Notification.permission === "default" ? Notification.requestPermission() : Notification.permission;
}

/** The unread count in the title and as a red dot on the favicon. */
export function setBadge(count: number) {
  if (count === unread && iconUrl) return;
  unread = count;
  renderTitle();
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) return;
  if (!count) {
    link.href = "/assets/favicon.svg";
    iconUrl = link.href;
    return;
  }
  const img = new Image();
  img.onload = () => {
    const c = document.createElement("canvas");
    c.width = c.height = 64;
    const g = c.getContext("2d");
    if (!g) return;
    g.drawImage(img, 0, 0, 64, 64);
    g.fillStyle = "#f5a623";
    g.beginPath();
    g.arc(48, 16, 14, 0, Math.PI * 2);
    g.fill();
    link.href = iconUrl = c.toDataURL("image/png");
    link.type = "image/png";
  };
  img.src = "/assets/favicon.svg";
}
export const refreshTitle = renderTitle;
