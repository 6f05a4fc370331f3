import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";
import { ROUTE_POLICY } from "../src/http/policy.ts";

/** /admin/notify (settings.manage): mail server and SMS gateway forms with tests, and the per-site forwarding section. */
const sys = { id: null, name: "test" };
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

async function admin(t: TestApp, role = "admin") {
  await t.createAgent("root", role);
  const b = t.browser();
  expect((await b.signIn("root")).status).toBe(303);
  return b;
}
const invalidField = (page: string, name: string) => new RegExp(`name="${name}"[^>]*aria-invalid="true" aria-describedby="err-${name}"`).test(page);
const errorText = (page: string, name: string) =>
  (new RegExp(`id="err-${name}" role="alert">([^<]*)<`).exec(page)?.[1] ?? "").replace(/&#123;/g, "{").replace(/&#125;/g, "}").replace(/&quot;/g, '"');
const audits = (t: TestApp, prefix: string) => (t.db.query("SELECT action, detail FROM audit_log WHERE action LIKE ? ORDER BY id").all(`${prefix}%`) as { action: string; detail: string }[]);

describe("admin: mail server", () => {
  it("validates beside the field, keeps the password write-only and sealed, and sends a test mail", async () => {
    const t = createTestApp();
    const b = await admin(t);
    let page = await (await b.get("/admin/notify/smtp")).text();
    expect(page).toContain('action="/admin/notify/smtp"');

    let res = await b.post("/admin/notify/smtp", { host: "mail.bank.local", port: "70000", from: "yingke@bank.example.test", password: "Pa55-口令-x" });
    expect(res.status).toBe(422);
    page = await res.text();
    expect(invalidField(page, "port")).toBe(true);
    expect(errorText(page, "port")).toContain("1–65535");
    expect(page).toContain('value="mail.bank.local"');
    expect(page).not.toContain("Pa55-口令-x");
    expect(t.services.notify.smtp.get()).toBeNull();

    res = await b.post("/admin/notify/smtp", { host: "127.0.0.1", port: String(sink.port), from: "yingke@bank.example.test", fromName: "网上银行客服", user: "svc", password: "Pa55-口令-x" });
    expect(res.status).toBe(303);
    page = await (await b.get("/admin/notify/smtp?done=saved")).text();
    expect(page).not.toContain("Pa55");
    expect(page).toContain("已设置；留空则保持不变");
    expect((t.db.query("SELECT value FROM org_settings WHERE key = 'smtp'").get() as { value: string }).value).not.toContain("Pa55");
    // Saved again with the password box empty: the stored password stays.
    expect((await b.post("/admin/notify/smtp", { host: "127.0.0.1", port: String(sink.port), from: "yingke@bank.example.test", user: "", password: "" })).status).toBe(303);
    expect(t.services.notify.smtp.get()!.password).toBe("Pa55-口令-x");

    await b.get("/admin/notify/smtp");
    res = await b.post("/admin/notify/smtp/test", { test_to: "not an address" });
    expect(res.status).toBe(422);
    expect(invalidField(await res.text(), "test_to")).toBe(true);

    const before = sink.mails.length;
    res = await b.post("/admin/notify/smtp/test", { test_to: "it@bank.example.test" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("测试邮件已被服务器接收");
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(["it@bank.example.test"]);
    expect(mail.subject).toContain("迎客测试邮件");

    await sink.setRefuse(true);
    try {
      res = await b.post("/admin/notify/smtp/test", { test_to: "it@bank.example.test" });
    } finally {
      await sink.setRefuse(false);
    }
    expect(res.status).toBe(422);
    page = await res.text();
    expect(invalidField(page, "test_to")).toBe(true);
    expect(errorText(page, "test_to")).toContain("550");
    expect(audits(t, "notify.smtp").map((a) => a.action)).toEqual(["notify.smtp.update", "notify.smtp.update", "notify.smtp.test"]);
  }, 30_000);
});

describe("admin: SMS gateway", () => {
  it("refuses a bad template beside its field, seals the secret, and sends a test SMS through the template", async () => {
    const requests: { url: URL; headers: Headers; body: string }[] = [];
    const server = Bun.serve({
      hostname: "127.0.0.1", port: 0,
      async fetch(req) {
        requests.push({ url: new URL(req.url), headers: req.headers, body: await req.text() });
        return Response.json({ result: "success", id: "m-1" });
      },
    });
    try {
      const t = createTestApp();
      const b = await admin(t);
      await b.get("/admin/notify/sms");
      const good = {
        url: `http://127.0.0.1:${server.port}/api/sms?account=yk`, method: "POST", contentType: "application/json",
        headers: "X-Api-Key: {{secret}}", body: `{"to":"{{phone}}","text":"{{text}}"}`, timeoutSeconds: "5", successContains: "success", secret: "sk-77aa",
      };
      const cases: [Record<string, string>, string, string][] = [
        [{ url: "ftp://gw.local/x" }, "url", "http://"],
        [{ body: `{"to":"{{mobile}}"}` }, "body", "{{mobile}}"],
        [{ headers: "Content-Type: text/plain" }, "headers", "Content-Type"],
        [{ headers: "no colon here" }, "headers", "名称: 值"],
        [{ timeoutSeconds: "0" }, "timeoutSeconds", "1–60"],
        [{ method: "PUT" }, "method", "GET"],
      ];
      for (const [patch, name, text] of cases) {
        const res = await b.post("/admin/notify/sms", { ...good, ...patch });
        expect(res.status).toBe(422);
        const page = await res.text();
        expect(invalidField(page, name)).toBe(true);
        expect(errorText(page, name)).toContain(text);
        expect(page).not.toContain("sk-77aa");
      }
      expect(t.services.forwarding.sms.get()).toBeNull();

      expect((await b.post("/admin/notify/sms", good)).status).toBe(303);
      let page = await (await b.get("/admin/notify/sms")).text();
      expect(page).not.toContain("sk-77aa");
      expect(page).toContain("已设置（加密保存）");
      expect(page).toContain("X-Api-Key: &#123;&#123;secret&#125;&#125;");
      expect((t.db.query("SELECT value FROM org_settings WHERE key = 'sms_gateway'").get() as { value: string }).value).not.toContain("sk-77aa");

      let res = await b.post("/admin/notify/sms/test", { test_phone: "12" });
      expect(res.status).toBe(422);
      expect(invalidField(await res.text(), "test_phone")).toBe(true);
      res = await b.post("/admin/notify/sms/test", { test_phone: "138 0013 8000" });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("网关已接受");
      expect(requests).toHaveLength(1);
      expect(JSON.parse(requests[0].body)).toEqual({ to: "13800138000", text: "迎客测试短信 / Yingke test SMS" });
      expect(requests[0].headers.get("x-api-key")).toBe("sk-77aa");
      expect(requests[0].url.searchParams.get("account")).toBe("yk");

      // The secret box left empty keeps the secret; the remove box clears it.
      await b.get("/admin/notify/sms");
      expect((await b.post("/admin/notify/sms", { ...good, secret: "" })).status).toBe(303);
      expect(t.services.forwarding.sms.get()!.secret).toBe("sk-77aa");
      await b.get("/admin/notify/sms");
      expect((await b.post("/admin/notify/sms", { ...good, secret: "", clearSecret: "1" })).status).toBe(303);
      expect(t.services.forwarding.sms.get()!.secret).toBe("");
      const log = audits(t, "notify.sms");
      expect(log.map((a) => a.action)).toEqual(["notify.sms.update", "notify.sms.test", "notify.sms.update", "notify.sms.update"]);
      expect(log.map((a) => a.detail).join("")).not.toContain("sk-77aa");
    } finally {
      server.stop(true);
    }
  }, 30_000);
});

describe("admin: a site's forwarding settings", () => {
  it("refuses bad addresses and numbers beside the field and saves a good list", async () => {
    const t = createTestApp();
    const b = await admin(t);
    const site = t.services.sites.create({ name: "政务服务", allowed_origins: "https://gov.example.test", default_language: "zh-CN" }, sys);
    const path = `/admin/sites/${site.id}/settings/forwarding`;
    let page = await (await b.get(path)).text();
    expect(page).toContain('name="forward_emails"');
    expect(page).toContain("尚未设置邮件服务器"); // no SMTP yet: the page says forwards will wait
    const cases: [Record<string, string>, string, string][] = [
      [{ forward_email: "1", forward_emails: "duty@gov.example.test\nnot-an-address" }, "forward_emails", "not-an-address"],
      [{ forward_email: "1", forward_emails: "" }, "forward_emails", "至少填写一个邮箱"],
      [{ forward_sms: "1", forward_phones: "13800138000，12ab" }, "forward_phones", "12ab"],
      [{ forward_sms: "1", forward_phones: " " }, "forward_phones", "至少填写一个手机号码"],
    ];
    for (const [form, name, text] of cases) {
      const res = await b.post(path, form);
      expect(res.status).toBe(422);
      page = await res.text();
      expect(invalidField(page, name)).toBe(true);
      expect(errorText(page, name)).toContain(text);
      await b.get(path);
    }
    const res = await b.post(path, { forward_email: "1", forward_emails: "Duty@Gov.example.test; duty@gov.example.test, chief@gov.example.test", forward_sms: "1", forward_phones: "138-0013-8000" });
    expect(res.status).toBe(303);
    expect(t.services.siteSettings.get(site.id, "forwarding")).toEqual({ emailEnabled: true, emails: ["duty@gov.example.test", "chief@gov.example.test"], smsEnabled: true, phones: ["13800138000"] });
  }, 30_000);
});

describe("admin: forwarding access and escaping", () => {
  it("is for settings.manage only: policy, guard and navigation agree", async () => {
    for (const [k, v] of Object.entries(ROUTE_POLICY)) if (k.includes("/admin/notify")) expect(v).toBe("settings.manage");
    const t = createTestApp();
    const b = await admin(t, "supervisor");
    for (const path of ["/admin/notify", "/admin/notify/smtp", "/admin/notify/sms"]) expect((await b.get(path)).status).toBe(403);
    expect(await (await b.get("/admin")).text()).not.toContain('href="/admin/notify"');
    await b.get("/admin");
    expect((await b.post("/admin/notify/smtp", { host: "x", port: "25", from: "a@b.test" })).status).toBe(403);
    expect(t.services.notify.smtp.get()).toBeNull();

    const t2 = createTestApp();
    const root = await admin(t2);
    expect(await (await root.get("/admin")).text()).toContain('href="/admin/notify"');
  }, 30_000);

  it("shows visitor text in the outbox as text", async () => {
    const t = createTestApp();
    const b = await admin(t);
    const site = t.services.sites.create({ name: "<i>站</i>", allowed_origins: "https://x.example.test", default_language: "zh-CN" }, sys);
    t.services.siteSettings.update(site.id, "forwarding", { forward_sms: "1", forward_phones: "13800138000" }, sys);
    const { visitor } = t.services.visitors.identify(site.id, null);
    await t.services.leave.create(visitor, { cid: "x1", phone: "13700137000", content: `<img src=x onerror=alert(1)>"{{7*7}}` }, { ip: "1.1.1.1" });
    const page = await (await b.get("/admin/notify?status=pending")).text();
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<i>站</i>");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;&#123;&#123;7*7&#125;&#125;");
    expect(page).toContain("13700137000");

    // X8: an administrator of settings without visitor.contact sees the visitor's number masked.
    t.services.roles.create({ id: "notify_admin", name: "Forwarding admin", scope: "all", permissions: ["settings.manage"] }, sys, null);
    await t.createAgent("nora", "notify_admin");
    const nora = t.browser();
    await nora.signIn("nora");
    const masked = await (await nora.get("/admin/notify?status=pending")).text();
    expect(masked).not.toContain("13700137000");
    expect(masked).toContain("137****7000");
    expect(masked).toContain("13800138000"); // the recipient is staff, not visitor data
  }, 30_000);
});
