import type { Database } from "bun:sqlite";
import type { AuditService, Actor } from "../audit/service.ts";
import type { SecretBox } from "../platform/secretbox.ts";
import { invalid } from "../platform/errors.ts";

/** The organisation's mail server (forwarding, inbox replies). The password never leaves the server. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  from: string;
  fromName: string;
}

export const EMAIL_PATTERN = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;
const HOST_PATTERN = /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:.]+\]?$/;

const str = (v: unknown, max: number) => (typeof v === "string" ? v.trim().slice(0, max) : "");
const flag = (v: unknown) => v === true || v === "1" || v === "on" || v === "true";

/** Stored as JSON in org_settings "smtp" with the password sealed by the data folder's key. */
export function createSmtpSettings(deps: { db: Database; audit: AuditService; secretBox: SecretBox }) {
  const read = deps.db.prepare("SELECT value FROM org_settings WHERE key = 'smtp'");
  const write = deps.db.prepare("INSERT INTO org_settings (key, value) VALUES ('smtp', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  let cached: SmtpSettings | null | undefined;

  function load(): SmtpSettings | null {
    const row = read.get() as { value: string } | null;
    if (!row) return null;
    const stored = JSON.parse(row.value) as SmtpSettings & { password_sealed?: string };
    const { password_sealed, ...rest } = stored;
    return { ...rest, password: password_sealed ? deps.secretBox.open(password_sealed) : "" };
  }

  return {
    get(): SmtpSettings | null {
      if (cached === undefined) cached = load();
      return cached;
    },

    /** Validates everything first (422 naming the field); an empty password keeps the stored one. */
    set(input: Record<string, unknown>, actor: Actor): SmtpSettings {
      const before = this.get();
      const host = str(input.host, 253);
      if (!host || !HOST_PATTERN.test(host)) throw invalid("请填写邮件服务器地址 / give the mail server's host name or address", "host");
      const port = Number(str(String(input.port ?? ""), 5) || (flag(input.secure) ? 465 : 25));
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid("端口应为 1–65535 / the port must be 1–65535", "port");
      const from = str(input.from, 254);
      if (!EMAIL_PATTERN.test(from)) throw invalid("发件人邮箱格式不正确 / the sender address looks wrong", "from");
      const typed = typeof input.password === "string" ? input.password : "";
      const next: SmtpSettings = {
        host, port, secure: flag(input.secure), user: str(input.user, 254),
        password: typed !== "" ? typed.slice(0, 512) : before?.password ?? "",
        from, fromName: str(input.fromName, 100),
      };
      const { password, ...visible } = next;
      deps.db.transaction(() => {
        write.run(JSON.stringify({ ...visible, password_sealed: password ? deps.secretBox.seal(password) : "" }));
        deps.audit.record(actor, { action: "notify.smtp.update", targetType: "settings", targetId: "smtp", detail: { ...visible, passwordChanged: typed !== "" } });
      }).immediate();
      cached = next;
      return next;
    },
  };
}
export type SmtpSettingsStore = ReturnType<typeof createSmtpSettings>;
