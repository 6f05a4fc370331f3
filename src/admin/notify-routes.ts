import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import type { OutboxStatus } from "../notify/outbox.ts";
import { headersText } from "../notify/sms-gateway.ts";
import { emptyState, type FieldState } from "./forms.ts";
import { OUTBOX_PAGE_SIZE, outboxPage, smsPage, smtpPage } from "./notify-pages.ts";
import { actorOf, idParam, noticeFor, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const SMTP_FIELDS = ["host", "port", "user", "from", "fromName"] as const;
const SMS_FIELDS = ["url", "method", "contentType", "body", "timeoutSeconds", "successContains"] as const;
const NOTICES: Record<string, string> = { retried: "已重新发送。 Sent again." };

/** A service's error as the form's field errors (a field-less one, e.g. the server's refusal, goes beside `fallback`). */
function fieldErrors(e: unknown, fallback: string): Record<string, string> {
  if (!(e instanceof AppError)) throw e;
  return { [e.field ?? fallback]: e.message };
}
/** A test form has one field: whatever went wrong is shown there. */
function testError(e: unknown, name: string): Record<string, string> {
  if (!(e instanceof AppError)) throw e;
  return { [name]: e.message };
}

/** /admin/notify: the forwarding outbox, the mail server and the SMS gateway (settings.manage); every change and test is audited. */
export function notifyRoutes(s: Services) {
  const smtpValues = (): Record<string, string> => {
    const v = s.notify.smtp.get();
    return v ? { host: v.host, port: String(v.port), secure: v.secure ? "1" : "", user: v.user, from: v.from, fromName: v.fromName } : { port: "25" };
  };
  const smsValues = (): Record<string, string> => {
    const g = s.forwarding.sms.get();
    return g ? { url: g.url, method: g.method, contentType: g.contentType, headers: headersText(g), body: g.body, timeoutSeconds: String(g.timeoutSeconds), successContains: g.successContains }
      : { method: "POST", contentType: "application/json", timeoutSeconds: "10" };
  };
  const smtp = (c: AdminScope, state: FieldState, test: FieldState = emptyState(), testResult?: string, notice?: string) =>
    smtpPage({ principal: c.principal, state, passwordSet: Boolean(s.notify.smtp.get()?.password), test, testResult, notice });
  const sms = (c: AdminScope, state: FieldState, test: FieldState = emptyState(), testResult?: string, notice?: string) =>
    smsPage({ principal: c.principal, state, secretSet: Boolean(s.forwarding.sms.get()?.secret), test, testResult, notice });
  const siteName = (id: number | null) => (id === null ? "—" : s.sites.get(id)?.name ?? `#${id}`);

  return new Elysia({ name: "admin-notify" })
    .get("/admin/notify", (ctx) => {
      const c = scopeOf(ctx);
      const counts = s.forwarding.outbox.counts();
      const asked = c.query.status;
      const status: OutboxStatus = asked === "pending" || asked === "failed" || asked === "sent" ? asked : counts.failed ? "failed" : "pending";
      const page = Math.min(10_000, Math.max(1, Number(c.query.page) || 1));
      const rows = s.forwarding.outbox.page(status, OUTBOX_PAGE_SIZE, (page - 1) * OUTBOX_PAGE_SIZE);
      const code = c.query.done;
      return htmlResponse(outboxPage({ principal: c.principal, status, counts, rows, page, siteName, notice: code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined }));
    })
    .post("/admin/notify/outbox/:id/retry", (ctx) => {
      const c = scopeOf(ctx);
      s.forwarding.outbox.retryNow(idParam(c), actorOf(c));
      return see("/admin/notify?status=pending&done=retried");
    })
    .get("/admin/notify/smtp", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(smtp(c, emptyState(smtpValues()), emptyState(), undefined, noticeFor(c.query.done)));
    })
    .post("/admin/notify/smtp", (ctx) => {
      const c = scopeOf(ctx);
      const values: Record<string, string> = { secure: field(c.body, "secure") ? "1" : "" };
      for (const k of SMTP_FIELDS) values[k] = field(c.body, k, 300);
      try {
        s.notify.smtp.set({ ...values, password: field(c.body, "password", 512) }, actorOf(c));
      } catch (e) {
        // The password is never sent back, not even the one just typed.
        return postAnswer(smtp(c, { values, errors: fieldErrors(e, "host") }), 422);
      }
      return see("/admin/notify/smtp?done=saved");
    })
    .post("/admin/notify/smtp/test", async (ctx) => {
      const c = scopeOf(ctx);
      const to = field(c.body, "test_to", 254);
      const test = emptyState({ test_to: to });
      try {
        await s.notify.smtp.test(to, actorOf(c));
      } catch (e) {
        return postAnswer(smtp(c, emptyState(smtpValues()), { ...test, errors: testError(e, "test_to") }), 422);
      }
      return postAnswer(smtp(c, emptyState(smtpValues()), test, `测试邮件已被服务器接收 / the server accepted the test mail to ${to}`));
    })
    .get("/admin/notify/sms", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(sms(c, emptyState(smsValues()), emptyState(), undefined, noticeFor(c.query.done)));
    })
    .post("/admin/notify/sms", (ctx) => {
      const c = scopeOf(ctx);
      const values: Record<string, string> = { headers: field(c.body, "headers", 4000), clearSecret: field(c.body, "clearSecret") ? "1" : "" };
      for (const k of SMS_FIELDS) values[k] = field(c.body, k, 4000);
      try {
        s.forwarding.sms.set({ ...values, secret: field(c.body, "secret", 1000) }, actorOf(c));
      } catch (e) {
        return postAnswer(sms(c, { values, errors: fieldErrors(e, "url") }), 422);
      }
      return see("/admin/notify/sms?done=saved");
    })
    .post("/admin/notify/sms/test", async (ctx) => {
      const c = scopeOf(ctx);
      const phone = field(c.body, "test_phone", 40);
      const test = emptyState({ test_phone: phone });
      let answer: { status: number; answer: string };
      try {
        answer = await s.forwarding.sms.test(phone, actorOf(c));
      } catch (e) {
        return postAnswer(sms(c, emptyState(smsValues()), { ...test, errors: testError(e, "test_phone") }), 422);
      }
      return postAnswer(sms(c, emptyState(smsValues()), test, `网关已接受（${answer.status}）：${answer.answer.slice(0, 200)} / the gateway accepted it`));
    });
}
