import type { Services } from "../services.ts";
import type { SiteRow } from "../sites/service.ts";

/** The site named in the request, if it exists, is enabled and the Origin is one of its own. */
export function siteForRequest(s: Services, request: Request, siteKey: unknown): { site: SiteRow; origin: string } | { status: number; message: string } {
  const site = s.sites.byKey(String(siteKey ?? ""));
  if (!site || site.disabled) return { status: 404, message: "unknown site" };
  const origin = request.headers.get("origin");
  if (!origin || !s.sites.originAllowed(site, origin)) return { status: 403, message: "this page's origin is not allowed for the site" };
  return { site, origin };
}

export const corsHeaders = (origin: string) => ({
  "access-control-allow-origin": origin,
  "access-control-allow-methods": "GET, POST",
  "access-control-allow-headers": "content-type",
  "access-control-max-age": "600",
  vary: "Origin",
});

/** CORS preflight for the visitor endpoints: allowed only for an origin some enabled site lists. */
export function preflight(s: Services, c: { request: Request; query: Record<string, string | undefined> }) {
  const origin = c.request.headers.get("origin") ?? "";
  const allowed = s.sites.list().some((site) => !site.disabled && s.sites.originAllowed(site, origin));
  return new Response(null, { status: allowed ? 204 : 403, headers: allowed ? corsHeaders(origin) : {} });
}
