import { html, type Html } from "./html.ts";

/**
 * The HTML document every server-rendered page shares: local CSS and the pinned htmx served
 * from the binary, no inline script or style (the CSP forbids both). htmx's eval-based features
 * and its injected indicator style are switched off for the same reason.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false, allowEval: false, allowScriptTags: false, selfRequestsOnly: true,
  // A form that fails validation is redrawn with 422 and must be swapped in like a 200
  // (htmx 2 swaps no 4xx by default); other errors are left to htmx's error events.
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "422", swap: true },
    { code: "[45]..", swap: false, error: true },
  ],
  // Admin pages (logs, one-time passwords) must not be kept in localStorage; history
  // navigation reloads the page from the server instead.
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
});

export interface PageOptions {
  title: string;
  body: Html;
  lang?: string;
  bodyClass?: string;
  csrf?: string;
}

export function page(opts: PageOptions): string {
  return "<!doctype html>" + html`<html lang="${opts.lang ?? "zh-CN"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<title>${opts.title} · 迎客 Yingke</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/htmx.min.js" defer></script>
</head>
<body class="${opts.bodyClass ?? ""}" ${opts.csrf ? html`hx-headers="${JSON.stringify({ "x-csrf-token": opts.csrf })}"` : ""}>
${opts.body}
</body>
</html>`.value;
}

export const htmlResponse = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers } });
