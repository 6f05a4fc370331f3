/**
 * Cookie names and attributes in one place. Under HTTPS the session cookie takes the
 * `__Host-` prefix, which browsers accept only with Secure, Path=/ and no Domain, so it cannot
 * be planted or widened by a sibling host.
 */
export interface CookieNames {
  session: string;
  csrf: string;
  remember: string;
}

export const cookieNames = (https: boolean): CookieNames =>
  https ? { session: "__Host-yk_session", csrf: "__Host-yk_csrf", remember: "__Host-yk_user" } : { session: "yk_session", csrf: "yk_csrf", remember: "yk_user" };

export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!(name in out)) {
      try {
        out[name] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        out[name] = "";
      }
    }
  }
  return out;
}

export function serializeCookie(name: string, value: string, opts: { https: boolean; maxAgeSeconds?: number; httpOnly?: boolean }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Strict"];
  if (opts.httpOnly !== false) parts.push("HttpOnly");
  if (opts.https) parts.push("Secure");
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  return parts.join("; ");
}

export const clearCookie = (name: string, https: boolean) => serializeCookie(name, "", { https, maxAgeSeconds: 0 });
