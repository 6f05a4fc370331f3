import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { servesHttps } from "../platform/config.ts";
import { clientIp, parseCidr, type Cidr } from "../platform/ip.ts";
import { shortId } from "../platform/ids.ts";
import { cookieNames, parseCookies } from "../platform/cookies.ts";
import type { Principal } from "../auth/service.ts";

export type PeerAddress = (request: Request) => string;

/**
 * Per-request values every handler may need: request id, the client IP (from the socket unless
 * the peer is a trusted proxy), parsed cookies and the signed-in principal, if any.
 */
export function requestContext(services: Services, peerAddress: PeerAddress) {
  const trusted: Cidr[] = services.config.server.trusted_proxies.map((t) => parseCidr(t)!);
  const https = servesHttps(services.config);
  const names = cookieNames(https);
  // Naming `query` here makes Elysia parse it for every route. Its static inference otherwise
  // decides per handler from the source text, which a minified binary no longer shows when a
  // handler hands its whole context to a helper (scopeOf) — the query then arrives undefined.
  return new Elysia({ name: "request-context" }).derive({ as: "global" }, ({ request, query: _query }) => {
    const ip = clientIp(peerAddress(request), request.headers.get("x-forwarded-for"), trusted);
    const cookies = parseCookies(request.headers.get("cookie"));
    const sessionToken = cookies[names.session];
    const principal: Principal | null = sessionToken ? services.auth.authenticate(sessionToken, ip) : null;
    return {
      requestId: shortId(),
      startedAt: performance.now(),
      ip,
      cookies,
      sessionToken,
      principal,
      https,
      cookieNames: names,
      userAgent: request.headers.get("user-agent") ?? "",
    };
  });
}
