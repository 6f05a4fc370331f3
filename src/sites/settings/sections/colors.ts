import { invalid } from "../../../platform/errors.ts";

/** #rrggbb, as `<input type="color">` sends it; the only colour form the widget accepts. */
const HEX = /^#[0-9a-f]{6}$/;

/** A colour field: trimmed, lower case, exactly #rrggbb, or a 422 naming the field. */
export function hexColor(body: Record<string, unknown>, name: string, label: { zh: string; en: string }): string {
  const raw = body[name];
  const v = (typeof raw === "string" ? raw : "").trim().toLowerCase();
  if (!HEX.test(v)) throw invalid(`${label.zh}必须是 #rrggbb 形式的颜色 / ${label.en} must be a colour like #1a56a8`, name);
  return v;
}

/** WCAG 2.x relative luminance of an sRGB #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio (1–21) between two #rrggbb colours, order-independent. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA for normal-size text. */
export const AA = 4.5;

/**
 * The warning for text of colour `fg` on `bg` when it falls below AA, or null. Saving is not
 * refused: a site may have to use its brand colours; the admin is told what visitors get.
 */
export function contrastWarning(field: string, fg: string, bg: string, what: { zh: string; en: string }): { field: string; message: string } | null {
  const ratio = contrast(fg, bg);
  if (ratio >= AA) return null;
  const r = (Math.floor(ratio * 100) / 100).toFixed(2);
  return { field, message: `${what.zh}的对比度为 ${r}:1，低于 WCAG AA 要求的 4.5:1，部分访客可能看不清 / ${what.en} has a contrast of ${r}:1, below the 4.5:1 WCAG AA asks for; some visitors may not be able to read it` };
}
