/**
 * Security headers for every response. Pages get a CSP with no inline script or style and no
 * framing; the widget (later) gets its own relaxed policy because it is meant to be embedded.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  if (opts.https) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
