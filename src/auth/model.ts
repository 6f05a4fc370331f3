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

/** How the login log (M3) names its results and reasons, on the admin page and in exports. */
export const LOGIN_RESULT_LABELS: Record<string, string> = { success: "成功 Success", failure: "失败 Failure", logout: "退出 Sign-out" };

/** Every reason the auth service writes (src/auth/service.ts): sign-in methods, failure causes, sign-out. */
export const LOGIN_REASON_LABELS: Record<string, string> = {
  password: "密码 Password",
  "password+totp": "密码+动态口令 Password + TOTP",
  "password+recovery": "密码+恢复码 Password + recovery code",
  user: "主动退出 Signed out",
  unknown_user: "用户不存在 Unknown user",
  bad_password: "密码错误 Wrong password",
  bad_totp: "动态口令错误 Wrong code",
  locked: "账号已锁定 Locked",
  disabled: "账号已停用 Disabled",
  ip_not_allowed: "地址不允许 Address not allowed",
  ip_throttled: "尝试过多 Too many attempts",
};
