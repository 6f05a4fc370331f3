import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import { INT_BOUNDS, PASSWORD_PROFILES, type SecuritySettings } from "../settings/security.ts";
import { adminPage, csrfField } from "./layout.ts";
import { checkboxField, errorSummary, selectField, textArea, textField, type FieldState } from "./forms.ts";

/** The organisation security policy form (/admin/security). */
export const CUSTOM_PASSWORD_FIELDS = ["password_min_length", "password_min_classes", "password_history", "password_max_age_days"] as const;
export const OTHER_INT_FIELDS = ["lockout_threshold", "lockout_window_minutes", "lockout_minutes", "ip_failure_limit", "session_idle_minutes", "session_absolute_hours"] as const;
type IntField = (typeof CUSTOM_PASSWORD_FIELDS)[number] | (typeof OTHER_INT_FIELDS)[number];

/** INT_BOUNDS labels read "中文 English"; show the English part small, like every other label. */
function boundLabel(key: IntField): Html {
  const [min, max, label] = INT_BOUNDS[key];
  const m = /^(.*[^\x00-\x7f])\s+([\x00-\x7f]+)$/.exec(label);
  const text = m ? html`${m[1]} <small>${m[2]}</small>` : html`${label}`;
  return html`${text} <small class="range">(${min}–${max})</small>`;
}

const intField = (s: FieldState, key: IntField) => {
  const [min, max] = INT_BOUNDS[key];
  return textField(s, key, boundLabel(key), { type: "number", min, max, required: true });
};

export function settingsValues(v: SecuritySettings): Record<string, string> {
  const out: Record<string, string> = { require_totp: v.require_totp ? "1" : "", org_allowed_ips: v.org_allowed_ips, password_profile: v.password_profile };
  for (const k of [...CUSTOM_PASSWORD_FIELDS, ...OTHER_INT_FIELDS]) out[k] = String(v[k]);
  return out;
}

const profileText = (p: keyof typeof PASSWORD_PROFILES) => {
  const x = PASSWORD_PROFILES[p];
  return `${x.password_min_length}+, ${x.password_min_classes}/4, history ${x.password_history}, ${x.password_max_age_days ? `${x.password_max_age_days}d` : "no expiry"}`;
};

export function securityPage(o: { principal: Principal; state: FieldState; clientIp: string; ipInCurrentList: boolean; notice?: string }) {
  const s = o.state;
  return adminPage({
    principal: o.principal, title: "安全策略 Security", active: "/admin/security", notice: o.notice,
    body: html`<h1>安全策略 <small>Security policy</small></h1>
<p class="hint">您当前的 IP 地址 <small>Your current IP address</small>: <code id="client-ip">${o.clientIp}</code></p>
${o.ipInCurrentList ? "" : html`<p class="alert" role="alert">当前的机构 IP 白名单不包含您的地址。 <small>The current organisation allowlist does not include your address.</small></p>`}
${errorSummary(s)}
<form method="post" action="/admin/security" class="stack">
  ${csrfField(o.principal)}
  <fieldset><legend>登录 <small>Sign-in</small></legend>
  ${checkboxField(s, "require_totp", html`要求所有人使用动态口令 <small>Require two-step verification (TOTP) for everyone</small>`)}
  ${textArea(s, "org_allowed_ips", html`机构 IP 白名单 <small>Organisation IP allowlist</small>`, {
    rows: 5, maxlength: 8000,
    hint: html`每行一个 IP 或 CIDR（如 10.0.0.0/8），留空表示不限。不能保存不包含您当前地址的列表。 <small>One IP or CIDR per line (e.g. 10.0.0.0/8); empty allows any address. A list that excludes your current address cannot be saved.</small>`,
  })}
  </fieldset>
  <fieldset><legend>密码 <small>Passwords</small></legend>
  ${selectField(s, "password_profile", html`密码策略 <small>Password profile</small>`, [
    { value: "standard", label: `标准 Standard (${profileText("standard")})` },
    { value: "strict", label: `严格（等保三级） Strict (${profileText("strict")})` },
    { value: "custom", label: "自定义 Custom" },
  ])}
  <p class="hint">以下各项仅在选择"自定义"时生效。 <small>The fields below apply only to the custom profile.</small></p>
  ${CUSTOM_PASSWORD_FIELDS.map((k) => intField(s, k))}
  </fieldset>
  <fieldset><legend>锁定与会话 <small>Lockout and sessions</small></legend>
  ${OTHER_INT_FIELDS.map((k) => intField(s, k))}
  </fieldset>
  <button type="submit">保存 <small>Save</small></button>
</form>`,
  });
}
