import { html } from "../../../platform/html.ts";
import { checkboxField } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { boolField, type SettingsSection } from "../section.ts";

/** Mirrors src/identity/model.ts IdentitySettings (a domain type; sections may not import another domain's model at run time). */
export interface IdentitySetting {
  enabled: boolean;
  required: boolean;
}

/**
 * Trusted member identity (V25): whether the site's signed member claims are checked, and
 * whether only verified members may chat. The signing secret is shown here (this page needs
 * sites.manage) inside a disclosure, with a rotate button posting to its own audited route.
 * Server-only: nothing of it goes to widgets.
 */
export const identitySection: SettingsSection<IdentitySetting> = {
  key: "identity",
  zh: "会员身份",
  en: "Member identity",
  defaults: () => ({ enabled: true, required: false }),
  parse(body) {
    const enabled = boolField(body, "identity_enabled");
    const required = boolField(body, "identity_required");
    if (required && !enabled) throw invalid("要求已验证会员前须先启用身份验证 / turn identity checking on before requiring verified members", "identity_required");
    return { enabled, required };
  },
  formValues: (v) => ({ identity_enabled: v.enabled ? "1" : "", identity_required: v.required ? "1" : "" }),
  fields(state, ctx) {
    const site = ctx.services.sites.get(ctx.siteId);
    return html`<p class="hint">网站在页面中传入已登录会员的编号、姓名、时间戳和用站点密钥计算的 HMAC-SHA256 签名；签名正确且时间在 10 分钟内时，客服看到“已验证”和会员信息。格式与示例代码见 <code>docs/identity.md</code>。 <small>The site passes its signed-in member's id, name, a timestamp and an HMAC-SHA256 signature made with the site secret; when the signature is right and the time within 10 minutes, agents see the visitor as verified with those details. Format and code samples: docs/identity.md.</small></p>
${checkboxField(state, "identity_enabled", html`启用会员身份验证 <small>Check signed member identities</small>`)}
${checkboxField(state, "identity_required", html`只有已验证的会员可以对话（其他访客只能留言） <small>Only verified members may chat (other visitors can leave a message)</small>`)}
<fieldset class="identity-secret"><legend>签名密钥 <small>Signing secret</small></legend>
<details><summary>显示密钥 <small>Show the secret</small></summary>
<p><code id="identity-secret">${site?.secret ?? ""}</code></p>
<p class="hint">只在服务器端使用，切勿写进页面或脚本。 <small>Use it on your server only; never put it in a page or script.</small></p>
</details>
<p><button type="submit" class="secondary" formaction="/admin/sites/${ctx.siteId}/identity/rotate-secret" formmethod="post" formnovalidate>更换密钥 <small>Rotate the secret</small></button></p>
<p class="hint">更换后旧密钥立即失效，网站须同时改用新密钥；操作会记入审计日志。 <small>The old secret stops working at once, so update the site at the same time; the rotation is audited.</small></p>
</fieldset>`;
  },
};
