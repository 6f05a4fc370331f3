import { html, type Html } from "../platform/html.ts";
import { page } from "../platform/page.ts";

/** Sign-in and account pages: plain forms that work without JavaScript. */
function shell(title: string, body: Html, csrf?: string) {
  return page({ title, bodyClass: "narrow", csrf, body: html`<main class="card auth">
  <div class="brand"><span class="logo" aria-hidden="true">迎</span> 迎客 <small>Yingke</small></div>
  ${body}
</main>` });
}

const errorBox = (message?: string) => (message ? html`<p class="alert" role="alert">${message}</p>` : "");

export function loginPage(o: { csrf: string; next: string; username?: string; error?: string; remember?: boolean }) {
  return shell("登录 Sign in", html`<h1>登录 <small>Sign in</small></h1>
${errorBox(o.error)}
<form method="post" action="/login" class="stack">
  <input type="hidden" name="_csrf" value="${o.csrf}">
  <input type="hidden" name="next" value="${o.next}">
  <label>用户名 <small>Username</small><input name="username" autocomplete="username" required maxlength="64" value="${o.username ?? ""}" autofocus></label>
  <label>密码 <small>Password</small><input name="password" type="password" autocomplete="current-password" required maxlength="256"></label>
  <label class="check"><input type="checkbox" name="remember" value="1" ${o.remember ? "checked" : ""}> 记住用户名 <small>Remember me</small></label>
  <button type="submit">登录 <small>Sign in</small></button>
</form>`);
}

export function totpPage(o: { csrf: string; next: string; error?: string }) {
  return shell("动态口令 Verification code", html`<h1>动态口令 <small>Verification code</small></h1>
<p>请输入身份验证器中的 6 位数字，或一个恢复码。<br><small>Enter the 6-digit code from your authenticator app, or a recovery code.</small></p>
${errorBox(o.error)}
<form method="post" action="/login/totp" class="stack">
  <input type="hidden" name="_csrf" value="${o.csrf}">
  <input type="hidden" name="next" value="${o.next}">
  <label>验证码 <small>Code</small><input name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="16" autofocus></label>
  <button type="submit">验证 <small>Verify</small></button>
</form>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${o.csrf}"><button class="link" type="submit">取消 <small>Cancel</small></button></form>`);
}

export function passwordPage(o: { csrf: string; forced: boolean; policy: string; error?: string; field?: string; done?: boolean }) {
  return shell("修改密码 Change password", html`<h1>修改密码 <small>Change password</small></h1>
${o.forced ? html`<p class="notice">首次登录或密码已过期，请设置新密码。<br><small>Set a new password before you continue.</small></p>` : ""}
<p class="hint">${o.policy}</p>
${errorBox(o.error)}
<form method="post" action="/account/password" class="stack">
  <input type="hidden" name="_csrf" value="${o.csrf}">
  <label>当前密码 <small>Current password</small><input name="current_password" type="password" autocomplete="current-password" required maxlength="256" ${o.field === "current_password" ? html`aria-invalid="true"` : ""}></label>
  <label>新密码 <small>New password</small><input name="password" type="password" autocomplete="new-password" required maxlength="256" ${o.field === "password" ? html`aria-invalid="true"` : ""}></label>
  <label>确认新密码 <small>Repeat new password</small><input name="confirm" type="password" autocomplete="new-password" required maxlength="256" ${o.field === "confirm" ? html`aria-invalid="true"` : ""}></label>
  <button type="submit">保存 <small>Save</small></button>
</form>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${o.csrf}"><button class="link" type="submit">退出 <small>Sign out</small></button></form>`, o.csrf);
}

export function enrolPage(o: { csrf: string; qrDataUri: string; secret: string; required: boolean; error?: string }) {
  return shell("绑定动态口令 Set up TOTP", html`<h1>绑定动态口令 <small>Set up two-step verification</small></h1>
${o.required ? html`<p class="notice">本单位要求所有人使用动态口令。<br><small>Your organisation requires a second factor for everyone.</small></p>` : ""}
<ol class="steps">
  <li>用身份验证器（如 Microsoft Authenticator、FreeOTP、Google Authenticator）扫描二维码。<br><small>Scan the code with an authenticator app.</small></li>
  <li>无法扫描时手动输入密钥 <small>or type the key</small>: <code class="secret">${o.secret}</code></li>
  <li>输入 App 显示的 6 位数字确认。<br><small>Enter the 6-digit code it shows.</small></li>
</ol>
<img class="qr" src="${o.qrDataUri}" alt="TOTP QR code" width="200" height="200">
${errorBox(o.error)}
<form method="post" action="/account/totp" class="stack">
  <input type="hidden" name="_csrf" value="${o.csrf}">
  <label>验证码 <small>Code</small><input name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="8"></label>
  <button type="submit">确认绑定 <small>Confirm</small></button>
</form>`, o.csrf);
}

export function recoveryCodesPage(o: { codes: string[]; next: string }) {
  return shell("恢复码 Recovery codes", html`<h1>恢复码 <small>Recovery codes</small></h1>
<p>动态口令已启用。请把下面 10 个恢复码保存在安全的地方：手机丢失时，每个恢复码可代替动态口令使用一次。此页面只显示一次。<br>
<small>Two-step verification is on. Keep these 10 codes somewhere safe: each can replace a code once if you lose your phone. They are shown only now.</small></p>
<ul class="codes">${o.codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<p><a class="button" href="${o.next}">我已保存，继续 <small>I saved them, continue</small></a></p>`);
}

export function accountPage(o: { csrf: string; username: string; displayName: string; role: string; totpEnabled: boolean; recoveryLeft: number }) {
  return shell("我的账号 My account", html`<h1>我的账号 <small>My account</small></h1>
<dl class="facts">
  <dt>用户名 <small>Username</small></dt><dd>${o.username}</dd>
  <dt>姓名 <small>Name</small></dt><dd>${o.displayName}</dd>
  <dt>角色 <small>Role</small></dt><dd>${o.role}</dd>
  <dt>动态口令 <small>TOTP</small></dt><dd>${o.totpEnabled ? html`已启用 On（剩余恢复码 ${o.recoveryLeft} recovery codes left）` : html`未启用 Off — <a href="/account/totp">立即绑定 Set up</a>`}</dd>
</dl>
<p><a href="/account/password">修改密码 <small>Change password</small></a> · <a href="/console">工作台 <small>Console</small></a> · <a href="/admin">管理 <small>Admin</small></a></p>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${o.csrf}"><button type="submit">退出登录 <small>Sign out</small></button></form>`, o.csrf);
}
