/**
 * Canned replies (A13) in the console: importing this module defines <yk-canned-picker> and
 * <yk-canned-manager> and registers their strings.
 *
 * Opening the picker (for the shell's composer): `isPickerKey(event, composerText)` is true for
 * Ctrl+K (⌘K on macOS) anywhere in the composer, and for "/" typed into an empty composer. The
 * shell then shows <yk-canned-picker .conversationId=${id}> near the composer, calls focus(),
 * inserts `yk-insert` {text} into the composer, and removes the picker on `yk-picker-close`.
 */
import "./canned-picker.ts";
import "./canned-manager.ts";
export type { YkCannedPicker } from "./canned-picker.ts";
export type { YkCannedManager } from "./canned-manager.ts";

export function isPickerKey(e: KeyboardEvent, composerText: string): boolean {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") return true;
  return e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && composerText === "";
}
