import { h, icon } from "./dom.ts";
import { emojiPicker } from "./emoji.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import { I } from "./icons.ts";

export interface ComposerDeps {
  t: PanelStrings;
  maxLength: () => number;
  send(text: string): boolean;
  input(text: string): void;
  files(files: File[]): void;
}

const iconButton = (d: string, label: string, cls = "ib") => h("button", { type: "button", class: cls, "aria-label": label, title: label }, icon(d));

/**
 * Text input (Enter sends, Shift+Enter is a new line, and Enter that ends an IME composition
 * — Chinese, Japanese, Korean input — never sends), emoji, file picker and clipboard images.
 */
export function composer(d: ComposerDeps) {
  const { t } = d;
  const ta = h("textarea", { rows: 1, "aria-label": t.inputLabel, placeholder: t.placeholder, maxlength: d.maxLength() });
  const emojiBtn = iconButton(I.smile, t.emoji);
  emojiBtn.setAttribute("aria-expanded", "false");
  const attachBtn = iconButton(I.clip, t.attach);
  const sendBtn = iconButton(I.send, t.send, "ib send");
  const fileInput = h("input", { type: "file", hidden: true, multiple: true, tabindex: "-1" });
  const picker = emojiPicker(t.emojiList, (e) => insert(e), () => toggle(false, true));
  const el = h("div", { class: "cmp" }, ta, emojiBtn, attachBtn, sendBtn, fileInput, picker.el);

  const grow = () => {
    ta.style.height = "auto";
    ta.style.height = `${Math.min(ta.scrollHeight, 120)}px`;
  };
  const submit = () => {
    if (d.send(ta.value)) {
      ta.value = "";
      grow();
    }
    ta.focus();
  };
  function insert(text: string) {
    const s = ta.selectionStart ?? ta.value.length;
    ta.setRangeText(text, s, ta.selectionEnd ?? s, "end");
    toggle(false, false);
    ta.focus();
    d.input(ta.value);
  }
  function toggle(open: boolean, focusButton: boolean) {
    picker.el.hidden = !open;
    emojiBtn.setAttribute("aria-expanded", String(open));
    if (open) picker.focus();
    else if (focusButton) emojiBtn.focus();
  }

  ta.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });
  ta.addEventListener("input", () => {
    grow();
    d.input(ta.value);
  });
  ta.addEventListener("paste", (e) => {
    const files = [...(e.clipboardData?.files || [])];
    if (files.length) {
      e.preventDefault();
      d.files(files);
    }
  });
  sendBtn.addEventListener("click", submit);
  emojiBtn.addEventListener("click", () => toggle(picker.el.hidden, false));
  attachBtn.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => {
    const files = [...(fileInput.files || [])];
    fileInput.value = "";
    if (files.length) d.files(files);
  });

  return {
    el,
    focus: () => ta.focus(),
    /** Escape inside the picker closes only the picker. */
    pickerOpen: () => !picker.el.hidden,
    closePicker: () => toggle(false, true),
  };
}
