import type { Principal } from "./service.ts";

/** Values http/request-context.ts derives for every request; route handlers read them. */
export interface RequestScope {
  requestId: string;
  ip: string;
  userAgent: string;
  cookies: Record<string, string>;
  sessionToken?: string;
  principal: Principal | null;
  https: boolean;
  cookieNames: { session: string; csrf: string; remember: string };
}

export type Form = Record<string, unknown> | undefined;

export const field = (body: Form, name: string, max = 1000): string => {
  const v = body?.[name];
  return typeof v === "string" ? v.slice(0, max) : "";
};

/** Only same-site paths are accepted as a post-login target (no "//host" or "/\\host"). */
export function safeNext(next: unknown, fallback = "/console"): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length > 500) return fallback;
  return next;
}
