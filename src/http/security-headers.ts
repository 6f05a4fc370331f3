import { Elysia } from "elysia";
import { securityHeaders } from "./headers.ts";

/** onRequest runs for every request, 404s and errors included, so no response escapes the headers. */
export function securityHeadersPlugin(opts: { https: boolean }) {
  const headers = securityHeaders(opts);
  return new Elysia({ name: "security-headers" }).onRequest(({ set }) => {
    Object.assign(set.headers, headers);
  });
}
