/**
 * The site's colours (V16 branding) as custom properties on a widget host element: the shadow
 * stylesheets read them with the built-in look as fallback. Set through the CSSOM (never a
 * style attribute), so host pages with a strict CSP allow it, and only #rrggbb values pass.
 */
const VARS: Record<string, string> = {
  primary: "--yk-primary",
  headerText: "--yk-on-primary",
  visitorBubble: "--yk-vb",
  visitorText: "--yk-vt",
  agentBubble: "--yk-ab",
  agentText: "--yk-at",
};

export function paint(el: HTMLElement, colors: unknown) {
  const c = (colors || {}) as Record<string, unknown>;
  for (const k in VARS) {
    const v = c[k];
    if (typeof v == "string" && /^#[0-9a-f]{6}$/i.test(v)) el.style.setProperty(VARS[k], v);
    else el.style.removeProperty(VARS[k]);
  }
}

/** A site image's URL on the widget's own server, or null: only our asset paths are ever loaded. */
export const assetUrl = (origin: string, path: unknown) => (typeof path == "string" && /^\/widget\/assets\/[\w-]+$/.test(path) ? origin + path : null);
