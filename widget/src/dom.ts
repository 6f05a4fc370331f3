/**
 * Tiny DOM builder. Everything the widget draws goes through here: text only ever becomes a
 * Text node, attributes are set one by one, so data can never turn into markup.
 */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) if (c != null && c !== false) el.append(c);
  return el;
}

export function setAttrs(el: Element, attrs?: Attrs | null) {
  if (attrs) for (const k in attrs) {
    const v = attrs[k];
    if (v === false || v == null) el.removeAttribute(k);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

/** An inline SVG icon (24×24 viewBox, one path), hidden from assistive technology. */
export function icon(d: string): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const p = document.createElementNS(ns, "path");
  p.setAttribute("d", d);
  svg.append(p);
  return svg;
}

/** Replaces `{name}` placeholders; the result is plain text for textContent. */
export const fmt = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
