/**
 * Shortcuts as the preferences store them ("Alt+Z", "Ctrl+Shift+ArrowDown"). Letters and digits
 * are matched by the physical key (event.code), because Alt+Z types "Ω" on a Mac keyboard.
 */
export interface Hotkey {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}

export function parseHotkey(text: string): Hotkey | null {
  const parts = text.split("+");
  const key = parts.pop();
  if (!key) return null;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return { ctrl: mods.has("ctrl"), alt: mods.has("alt"), shift: mods.has("shift"), meta: mods.has("meta"), key };
}

type KeyLike = Pick<KeyboardEvent, "ctrlKey" | "altKey" | "shiftKey" | "metaKey" | "key" | "code">;

export function matchesHotkey(e: KeyLike, hk: Hotkey | null): boolean {
  if (!hk) return false;
  if (e.ctrlKey !== hk.ctrl || e.altKey !== hk.alt || e.shiftKey !== hk.shift || e.metaKey !== hk.meta) return false;
  if (/^[A-Z]$/i.test(hk.key)) return e.code === `Key${hk.key.toUpperCase()}`;
  if (/^[0-9]$/.test(hk.key)) return e.code === `Digit${hk.key}`;
  return e.key === hk.key;
}

/** The shortcut a key press describes, for the settings dialog's "press a key" field. */
export function describeKey(e: KeyLike): string | null {
  let key = e.key;
  if (/^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if (/^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  if (["Control", "Alt", "Shift", "Meta"].includes(key)) return null;
  const mods = [e.ctrlKey && "Ctrl", e.altKey && "Alt", e.shiftKey && "Shift", e.metaKey && "Meta"].filter(Boolean);
  return [...mods, key].join("+");
}
