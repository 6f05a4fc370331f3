import { invalid } from "../../platform/errors.ts";

/**
 * The agent console's preferences: a closed schema, so a typo or a value the console cannot
 * use is refused with the field named instead of being stored and silently ignored.
 */
export const NOTIFY_EVENTS = ["newVisitor", "chatRequest", "message", "transfer", "notice"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export interface NotifyChannels {
  desktop: boolean;
  sound: boolean;
  title: boolean;
}
export interface Preferences {
  sendKey: "enter" | "ctrl-enter";
  nextChatKey: string;
  switchAfterSend: boolean;
  showDraft: boolean;
  autoAwayMinutes: number;
  notify: Record<NotifyEvent, NotifyChannels>;
  lang: "zh-CN" | "en";
  visitorColumns: string[];
  visitorSort: { column: string; dir: "asc" | "desc" } | null;
}

const on = (desktop: boolean, sound: boolean, title: boolean): NotifyChannels => ({ desktop, sound, title });
export const DEFAULT_PREFERENCES: Preferences = {
  sendKey: "enter",
  nextChatKey: "Alt+Z",
  switchAfterSend: false,
  showDraft: true,
  autoAwayMinutes: 10,
  notify: {
    newVisitor: on(false, false, false),
    chatRequest: on(true, true, true),
    message: on(true, true, true),
    transfer: on(true, true, true),
    notice: on(true, true, true),
  },
  lang: "zh-CN",
  visitorColumns: [],
  visitorSort: null,
};

/** Modifiers, then one key: "Alt+Z", "Ctrl+Shift+ArrowDown", "F2". */
const HOTKEY = /^((Ctrl|Alt|Shift|Meta)\+){0,3}([A-Z0-9]|F([1-9]|1[0-2])|Tab|ArrowUp|ArrowDown|PageUp|PageDown)$/;
const COLUMN = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (field: string, zh: string, en: string) => invalid(`${zh} / ${en}`, field);

function bool(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw bad(field, "须为 true 或 false", "must be true or false");
  return v;
}

function unknownKeys(input: Record<string, unknown>, known: readonly string[], prefix: string) {
  for (const k of Object.keys(input)) if (!known.includes(k)) throw bad(prefix + k, "未知设置项", "unknown preference");
}

/**
 * Validates a partial update and merges it over `current`. Nested objects (notify and its
 * events, visitorSort) merge too, so the console can save one switch without resending the rest.
 */
export function mergePreferences(current: Preferences, input: unknown): Preferences {
  if (!isObject(input)) throw bad("", "须为 JSON 对象", "must be a JSON object");
  unknownKeys(input, Object.keys(DEFAULT_PREFERENCES), "");
  const next: Preferences = structuredClone(current);
  for (const [key, v] of Object.entries(input)) {
    switch (key) {
      case "sendKey":
        if (v !== "enter" && v !== "ctrl-enter") throw bad(key, "须为 enter 或 ctrl-enter", "must be enter or ctrl-enter");
        next.sendKey = v;
        break;
      case "nextChatKey":
        if (typeof v !== "string" || !HOTKEY.test(v)) throw bad(key, "快捷键格式如 Alt+Z", "a shortcut such as Alt+Z");
        next.nextChatKey = v;
        break;
      case "switchAfterSend":
      case "showDraft":
        next[key] = bool(v, key);
        break;
      case "autoAwayMinutes":
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 240) throw bad(key, "须为 0–240 的整数（0 为关闭）", "must be a whole number 0–240 (0 = off)");
        next.autoAwayMinutes = v;
        break;
      case "lang":
        if (v !== "zh-CN" && v !== "en") throw bad(key, "须为 zh-CN 或 en", "must be zh-CN or en");
        next.lang = v;
        break;
      case "visitorColumns":
        if (!Array.isArray(v) || v.length > 40 || !v.every((c) => typeof c === "string" && COLUMN.test(c))) throw bad(key, "须为列名列表", "must be a list of column names");
        next.visitorColumns = [...new Set(v as string[])];
        break;
      case "visitorSort":
        if (v === null) next.visitorSort = null;
        else {
          if (!isObject(v)) throw bad(key, "须为 {column, dir} 或 null", "must be {column, dir} or null");
          unknownKeys(v, ["column", "dir"], "visitorSort.");
          if (typeof v.column !== "string" || !COLUMN.test(v.column)) throw bad("visitorSort.column", "须为列名", "must be a column name");
          if (v.dir !== "asc" && v.dir !== "desc") throw bad("visitorSort.dir", "须为 asc 或 desc", "must be asc or desc");
          next.visitorSort = { column: v.column, dir: v.dir };
        }
        break;
      case "notify":
        if (!isObject(v)) throw bad(key, "须为对象", "must be an object");
        unknownKeys(v, NOTIFY_EVENTS, "notify.");
        for (const [event, channels] of Object.entries(v)) {
          const field = `notify.${event}`;
          if (!isObject(channels)) throw bad(field, "须为对象", "must be an object");
          unknownKeys(channels, ["desktop", "sound", "title"], field + ".");
          const target = next.notify[event as NotifyEvent];
          for (const [ch, flag] of Object.entries(channels)) target[ch as keyof NotifyChannels] = bool(flag, `${field}.${ch}`);
        }
        break;
    }
  }
  return next;
}
