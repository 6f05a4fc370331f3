import { parseCidrList } from "../platform/ip.ts";

/**
 * Organisation security policy, edited at runtime in /admin/security. Each field declares its
 * default, bounds and a bilingual label once; validation and the admin form both read this.
 */
export interface SecuritySettings {
  require_totp: boolean;
  org_allowed_ips: string;
  password_profile: "standard" | "strict" | "custom";
  password_min_length: number;
  password_min_classes: number;
  password_history: number;
  password_max_age_days: number;
  lockout_threshold: number;
  lockout_window_minutes: number;
  lockout_minutes: number;
  ip_failure_limit: number;
  session_idle_minutes: number;
  session_absolute_hours: number;
}

export const PASSWORD_PROFILES = {
  standard: { password_min_length: 10, password_min_classes: 3, password_history: 3, password_max_age_days: 0 },
  // GB/T 22239 level 3 practice: long, all four classes, periodic change, no reuse.
  strict: { password_min_length: 12, password_min_classes: 4, password_history: 5, password_max_age_days: 90 },
} as const;

export const SECURITY_DEFAULTS: SecuritySettings = {
  require_totp: false,
  org_allowed_ips: "",
  password_profile: "standard",
  ...PASSWORD_PROFILES.standard,
  lockout_threshold: 5,
  lockout_window_minutes: 15,
  lockout_minutes: 15,
  ip_failure_limit: 30,
  session_idle_minutes: 30,
  session_absolute_hours: 12,
};

type IntKey = { [K in keyof SecuritySettings]: SecuritySettings[K] extends number ? K : never }[keyof SecuritySettings];

export const INT_BOUNDS: Record<IntKey, [number, number, string]> = {
  password_min_length: [8, 128, "最短密码长度 Minimum password length"],
  password_min_classes: [1, 4, "至少包含字符类别（大写、小写、数字、符号） Character classes required"],
  password_history: [0, 24, "不得重复使用最近的密码数 Recent passwords that cannot be reused"],
  password_max_age_days: [0, 365, "密码有效期（天，0 为不过期） Password maximum age in days (0 = never)"],
  lockout_threshold: [3, 20, "锁定前允许的错误次数 Wrong passwords before lockout"],
  lockout_window_minutes: [1, 1440, "错误计数时间窗（分钟） Failure counting window (minutes)"],
  lockout_minutes: [1, 1440, "锁定时长（分钟） Lockout duration (minutes)"],
  ip_failure_limit: [5, 1000, "单个 IP 在时间窗内允许的失败次数 Failed sign-ins per IP per window"],
  session_idle_minutes: [5, 480, "空闲超时（分钟） Idle timeout (minutes)"],
  session_absolute_hours: [1, 72, "会话最长时长（小时） Absolute session lifetime (hours)"],
};

export class SettingsValidationError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Validates a patch of submitted strings/values; returns the complete new settings. */
export function applySecurityPatch(current: SecuritySettings, patch: Record<string, unknown>): SecuritySettings {
  const next: SecuritySettings = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "require_totp") {
      next.require_totp = value === true || value === "on" || value === "true" || value === "1";
    } else if (key === "org_allowed_ips") {
      const text = String(value ?? "");
      const parsed = parseCidrList(text);
      if (!parsed.ok) throw new SettingsValidationError(key, `"${parsed.bad}" 不是有效的 IP 或 CIDR / is not a valid IP address or CIDR range`);
      next.org_allowed_ips = parsed.list.map((c) => c.text).join("\n");
    } else if (key === "password_profile") {
      if (value !== "standard" && value !== "strict" && value !== "custom") throw new SettingsValidationError(key, "请选择 standard、strict 或 custom / choose standard, strict or custom");
      next.password_profile = value;
    } else if (key in INT_BOUNDS) {
      const [min, max, label] = INT_BOUNDS[key as IntKey];
      const text = String(value ?? "").trim();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < min || n > max) throw new SettingsValidationError(key, `${label}: 须为 ${min}–${max} 的整数 / must be a whole number from ${min} to ${max}`);
      (next as any)[key] = n;
    } else {
      throw new SettingsValidationError(key, `未知设置 / unknown setting ${key}`);
    }
  }
  if (next.password_profile !== "custom") Object.assign(next, PASSWORD_PROFILES[next.password_profile]);
  return next;
}

/** Returns a bilingual reason the password breaks the policy, or null when it complies. */
export function passwordPolicyProblem(password: string, s: SecuritySettings, username?: string): string | null {
  if (password.length < s.password_min_length) return `密码至少 ${s.password_min_length} 个字符 / at least ${s.password_min_length} characters`;
  if (password.length > 256) return "密码过长 / too long (256 characters at most)";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  if (classes < s.password_min_classes) return `须包含大写、小写、数字、符号中至少 ${s.password_min_classes} 类 / use at least ${s.password_min_classes} of: upper case, lower case, digits, symbols`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return "密码不能包含用户名 / must not contain the username";
  return null;
}
