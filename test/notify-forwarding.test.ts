import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createTestApp } from "./harness.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";
import { loadConfig } from "../src/platform/config.ts";
import { manualClock } from "../src/platform/clock.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { createSecretBox } from "../src/platform/secretbox.ts";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { createServices, type Services } from "../src/services.ts";
import { RETRY } from "../src/notify/worker.ts";
import type { OutboxRow } from "../src/notify/outbox.ts";

/**
 * Leave-message forwarding (issue 7 point 4): mails to a real SMTP server process, SMS to a
 * local HTTP gateway, retries with backoff on the test's clock, giving up, and a restart.
 */
const sys = { id: null, name: "test" };
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

function setUp(s: Services, forwarding: Record<string, string>) {
  const site = s.sites.create({ name: "网上银行", allowed_origins: "https://bank.example.test", default_language: "zh-CN" }, sys);
  s.notify.smtp.set({ host: "127.0.0.1", port: String(sink.port), from: "yingke@example.test", fromName: "迎客" }, sys);
  s.siteSettings.update(site.id, "forwarding", forwarding, sys);
  return site;
}

let n = 0;
function leave(s: Services, siteId: number, input: Record<string, string>) {
  const { visitor } = s.visitors.identify(siteId, null);
  return s.leave.create(visitor, { cid: `c${++n}`, ...input }, { ip: "114.1.2.3", pageUrl: "https://bank.example.test/信用卡?a=1&b=<2>" }).then((r) => r.message);
}

const rows = (s: Services, refId?: number) =>
  (refId === undefined ? s.db.query("SELECT * FROM notify_outbox ORDER BY id").all() : s.db.query("SELECT * FROM notify_outbox WHERE ref_id = ? ORDER BY id").all(refId)) as OutboxRow[];

/** A local SMS gateway that records each request and answers what the test queues (default 200 `{"code":0}`). */
function gateway() {
  const requests: { method: string; url: URL; headers: Headers; body: string }[] = [];
  const answers: { status: number; body: string }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1", port: 0,
    async fetch(req) {
      requests.push({ method: req.method, url: new URL(req.url), headers: req.headers, body: await req.text() });
      const a = answers.shift() ?? { status: 200, body: '{"code":0,"msg":"OK"}' };
      return new Response(a.body, { status: a.status });
    },
  });
  return { requests, answers, base: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

describe("forwarding by email", () => {
  it("mails each new leave message to every configured address, Chinese intact and the HTML part escaped", async () => {
    const t = createTestApp();
    const site = setUp(t.services, { forward_email: "1", forward_emails: "duty@bank.example.test, Boss@Bank.example.test" });
    t.services.forwarding.worker.start();
    try {
      const before = sink.mails.length;
      const m = await leave(t.services, site.id, { name: "王<b>小明</b>", phone: "13800138000", email: "wang@example.cn", content: "您好，信用卡年费能否减免？\n<script>alert('x')</script> & 谢谢" });
      const mails = (await sink.waitFor(before + 2)).slice(before);
      await t.services.forwarding.worker.idle();
      expect(mails.map((x) => x.to[0]).sort()).toEqual(["boss@bank.example.test", "duty@bank.example.test"]);
      const mail = { ...mails[0], text: mails[0].text.replace(/\r\n/g, "\n") };
      expect(mail.subject).toBe("[迎客] 网上银行 新留言：王<b>小明</b>");
      expect(mail.from).toContain("迎客");
      expect(mail.headers.get("reply-to")).toBe("wang@example.cn");
      expect(mail.text).toContain("您好，信用卡年费能否减免？\n<script>alert('x')</script> & 谢谢");
      expect(mail.text).toContain("网站 Site: 网上银行");
      expect(mail.text).toContain("联系方式 Contact: 13800138000 / wang@example.cn");
      expect(mail.text).toContain("页面 Page: https://bank.example.test/信用卡?a=1&b=<2>");
      expect(mail.text).toMatch(/时间 Time: \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      // Visitor text is text in the HTML part: no tag of theirs survives.
      expect(mail.html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 谢谢");
      expect(mail.html).toContain("王&lt;b&gt;小明&lt;/b&gt;");
      expect(mail.html).toContain("b=&lt;2&gt;");
      expect(mail.html).not.toContain("<script>");
      expect(mail.html).not.toContain("<b>");
      expect(rows(t.services, m.id).map((r) => [r.status, r.attempts])).toEqual([["sent", 1], ["sent", 1]]);

      // The same message again (a resent cid, or a second enqueue) is not forwarded twice.
      expect(t.services.forwarding.enqueueLeave(m)).toBe(0);
      await t.services.forwarding.worker.runDue();
      expect(rows(t.services, m.id)).toHaveLength(2);
      expect(sink.mails.length).toBe(before + 2);
    } finally {
      t.services.forwarding.worker.stop();
    }
  });

  it("writes nothing for a site that does not forward, and the message and its forwards commit together", async () => {
    const t = createTestApp();
    const site = setUp(t.services, { forward_emails: "duty@bank.example.test" }); // listed but switched off
    await leave(t.services, site.id, { phone: "13800138000", content: "无需转发" });
    expect(rows(t.services)).toEqual([]);
    t.services.siteSettings.update(site.id, "forwarding", { forward_email: "1", forward_emails: "duty@bank.example.test" }, sys);
    const m = await leave(t.services, site.id, { phone: "13800138000", content: "需要转发" });
    // Written by the leave message's own transaction: there before any worker ran.
    expect(rows(t.services).map((r) => [r.ref_id, r.channel, r.status, r.attempts])).toEqual([[m.id, "email", "pending", 0]]);
  });
});

describe("forwarding by SMS", () => {
  it("sends the gateway request from the template, values escaped for JSON, URL and headers; the secret is sealed", async () => {
    const gw = gateway();
    const t = createTestApp();
    try {
      const site = setUp(t.services, { forward_sms: "1", forward_phones: "138 0013 8000\n+86-139-0013-9000" });
      t.services.forwarding.sms.set({
        url: `${gw.base}/send?sign={{site}}&no={{id}}`, method: "POST", contentType: "application/json",
        headers: "Authorization: Bearer {{secret}}\nX-Site: {{site}}", body: `{"mobile":"{{phone}}","content":"{{text}}","at":"{{time}}"}`,
        timeoutSeconds: "5", successContains: '"code":0', secret: "tok-3f9a",
      }, sys);
      const stored = (t.db.query("SELECT value FROM org_settings WHERE key = 'sms_gateway'").get() as { value: string }).value;
      expect(stored).not.toContain("tok-3f9a");

      t.services.forwarding.worker.start();
      const m = await leave(t.services, site.id, { name: "李四", phone: "13700137000", content: `退款"},"mobile":"110"}\n第二行 & a=b` });
      while (gw.requests.length < 2) await Bun.sleep(10); // waiting for the gateway, not timing anything
      await t.services.forwarding.worker.idle();
      const got = gw.requests.map((r) => ({ ...r, json: JSON.parse(r.body) })).sort((a, b) => a.json.mobile.localeCompare(b.json.mobile));
      expect(got.map((r) => r.json.mobile)).toEqual(["+8613900139000", "13800138000"]);
      const r = got[0];
      expect(Object.keys(r.json)).toEqual(["mobile", "content", "at"]);
      expect(r.json.content).toBe(`【网上银行】新留言 李四 13700137000：退款"},"mobile":"110"} 第二行 & a=b`);
      expect(r.method).toBe("POST");
      expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(r.headers.get("authorization")).toBe("Bearer tok-3f9a");
      expect(r.url.searchParams.get("sign")).toBe("网上银行");
      expect(r.headers.get("x-site")).toBe(encodeURIComponent("网上银行"));
      expect(r.url.searchParams.get("no")).toBe(String(m.id));
      expect(rows(t.services, m.id).map((x) => x.status)).toEqual(["sent", "sent"]);
    } finally {
      t.services.forwarding.worker.stop();
      gw.stop();
    }
  }, 20_000);

  it("form-encodes a form body, and counts a 2xx without the success text as a failure to retry", async () => {
    const gw = gateway();
    const t = createTestApp();
    try {
      const site = setUp(t.services, { forward_sms: "1", forward_phones: "13800138000" });
      t.services.forwarding.sms.set({
        url: `${gw.base}/sms`, method: "POST", contentType: "application/x-www-form-urlencoded",
        body: "to={{phone}}&msg={{text}}&key={{secret}}", successContains: "OK", secret: "k&=1",
      }, sys);
      gw.answers.push({ status: 503, body: "busy" }, { status: 200, body: "ERR quota" });
      const m = await leave(t.services, site.id, { phone: "13700137000", content: "a&b=c 中文" });
      await t.services.forwarding.worker.runDue();
      expect(rows(t.services, m.id)[0]).toMatchObject({ status: "pending", attempts: 1, last_error: expect.stringContaining("503") });
      t.clock.advance(60_000);
      await t.services.forwarding.worker.runDue();
      expect(rows(t.services, m.id)[0]).toMatchObject({ status: "pending", attempts: 2, last_error: expect.stringContaining('"OK"') });
      t.clock.advance(120_000);
      await t.services.forwarding.worker.runDue();
      expect(rows(t.services, m.id)[0]).toMatchObject({ status: "sent", attempts: 3 });
      const form = new URLSearchParams(gw.requests[2].body);
      expect([...form.keys()]).toEqual(["to", "msg", "key"]);
      expect(form.get("msg")).toBe("【网上银行】新留言 13700137000：a&b=c 中文");
      expect(form.get("key")).toBe("k&=1");
      expect(gw.requests[2].headers.get("content-type")).toBe("application/x-www-form-urlencoded; charset=utf-8");
    } finally {
      gw.stop();
    }
  }, 20_000);
});

describe("retries", () => {
  it("retries a refused mail after 1, 2, 4 minutes, then delivers it exactly once", async () => {
    const t = createTestApp();
    const site = setUp(t.services, { forward_email: "1", forward_emails: "duty@bank.example.test" });
    const w = t.services.forwarding.worker;
    await sink.setRefuse(true);
    let m;
    try {
      m = await leave(t.services, site.id, { phone: "13800138000", content: "重试测试 retry" });
      const attemptTimes: number[] = [];
      for (let i = 1; i <= 3; i++) {
        expect(await w.runDue()).toBe(1);
        const r = rows(t.services, m.id)[0];
        expect(r).toMatchObject({ status: "pending", attempts: i, last_error: expect.stringContaining("550") });
        attemptTimes.push(r.last_attempt_at!);
        // Not due before its time: nothing is attempted.
        t.clock.advance(r.next_attempt_at - t.clock.now() - 1);
        expect(await w.runDue()).toBe(0);
        t.clock.advance(1);
      }
      const gaps = attemptTimes.slice(1).map((at, i) => at - attemptTimes[i]);
      expect(gaps).toEqual([60_000, 120_000]);
      expect(rows(t.services, m.id)[0].next_attempt_at - attemptTimes[2]).toBe(240_000);
    } finally {
      await sink.setRefuse(false);
    }
    const before = sink.mails.length;
    expect(await w.runDue()).toBe(1);
    expect(rows(t.services, m.id)[0]).toMatchObject({ status: "sent", attempts: 4 });
    t.clock.advance(3_600_000);
    expect(await w.runDue()).toBe(0);
    // The sink (its own process) reports a mail after accepting it: wait for the report, not on the race.
    await sink.waitFor(before + 1);
    const delivered = sink.mails.slice(before).filter((x) => x.text.includes("重试测试 retry"));
    expect(delivered).toHaveLength(1);
    expect(sink.mails.filter((x) => x.text.includes("重试测试 retry"))).toHaveLength(1);
  }, 20_000);

  it("gives up after the maximum, shows the row as failed in admin, and 'retry now' delivers it", async () => {
    const t = createTestApp();
    const site = setUp(t.services, { forward_email: "1", forward_emails: "duty@bank.example.test" });
    const w = t.services.forwarding.worker;
    await sink.setRefuse(true);
    let m;
    try {
      m = await leave(t.services, site.id, { email: "zhao@example.cn", content: "放弃后重试 give up" });
      for (let i = 0; i < RETRY.maxAttempts; i++) {
        await w.runDue();
        const r = rows(t.services, m.id)[0];
        if (r.status === "failed") break;
        t.clock.set(r.next_attempt_at);
      }
      t.clock.advance(24 * 3_600_000);
      expect(await w.runDue()).toBe(0);
    } finally {
      await sink.setRefuse(false);
    }
    const failed = rows(t.services, m.id)[0];
    expect(failed).toMatchObject({ status: "failed", attempts: RETRY.maxAttempts, last_error: expect.stringContaining("550") });

    await t.createAgent("root", "admin");
    const b = t.browser();
    await b.signIn("root");
    const page = await (await b.get("/admin/notify")).text();
    expect(page).toContain(`data-id="${failed.id}" data-status="failed"`);
    expect(page).toContain("duty@bank.example.test");
    expect(page).toMatch(new RegExp(`<td class="attempts">${RETRY.maxAttempts}</td>`));
    expect(page).toContain("550");
    expect(page).toContain(`action="/admin/notify/outbox/${failed.id}/retry"`);

    const before = sink.mails.length;
    const res = await b.post(`/admin/notify/outbox/${failed.id}/retry`);
    expect(res.status).toBe(303);
    await sink.waitFor(before + 1);
    await w.idle();
    expect(rows(t.services, m.id)[0]).toMatchObject({ status: "sent", attempts: RETRY.maxAttempts + 1 });
    expect(sink.mails.slice(before)[0].text).toContain("放弃后重试 give up");
    const sent = await (await b.get("/admin/notify?status=sent")).text();
    expect(sent).toContain(`data-id="${failed.id}" data-status="sent"`);
    expect(t.db.query("SELECT actor_name, target_id FROM audit_log WHERE action = 'notify.outbox.retry'").all()).toEqual([{ actor_name: "root", target_id: String(failed.id) }]);
    // A sent row cannot be retried.
    await b.get("/admin/notify");
    expect((await b.post(`/admin/notify/outbox/${failed.id}/retry`)).status).toBe(409);
  }, 30_000);
});

describe("restart", () => {
  it("a new server on the same database file sends what the old one left pending", async () => {
    const dir = mkdtempSync(join(tmpdir(), "yingke-forward-"));
    const key = randomBytes(32);
    const open = (clock: ReturnType<typeof manualClock>) => {
      const db = openDatabase(join(dir, "yingke.db"));
      migrate(db);
      return createServices({ config: loadConfig({ flags: { data: dir } }), db, clock, logger: silentLogger(), secretBox: createSecretBox(key) });
    };
    const clock1 = manualClock(Date.now());
    const first = open(clock1);
    const site = setUp(first, { forward_email: "1", forward_emails: "duty@bank.example.test" });
    // One message whose first attempt failed and waits for its retry ...
    await sink.setRefuse(true);
    const b = await leave(first, site.id, { phone: "13800138000", content: "重启前失败 B" });
    try {
      await first.forwarding.worker.runDue();
    } finally {
      await sink.setRefuse(false);
    }
    // ... and one the server never got round to (it stopped right after the commit).
    const a = await leave(first, site.id, { phone: "13800138000", content: "重启前未发送 A" });
    expect(rows(first).map((r) => [r.ref_id, r.status, r.attempts])).toEqual([[b.id, "pending", 1], [a.id, "pending", 0]]);
    first.db.close();

    const before = sink.mails.length;
    const second = open(manualClock(clock1.now() + 60_000));
    second.forwarding.worker.start();
    try {
      const mails = (await sink.waitFor(before + 2)).slice(before);
      await second.forwarding.worker.idle();
      expect(mails.map((x) => x.text.includes("重启前未发送 A") ? "A" : x.text.includes("重启前失败 B") ? "B" : "?").sort()).toEqual(["A", "B"]);
      expect(rows(second).map((r) => [r.ref_id, r.status])).toEqual([[b.id, "sent"], [a.id, "sent"]]);
    } finally {
      second.forwarding.worker.stop();
      second.db.close();
    }
  }, 20_000);
});
