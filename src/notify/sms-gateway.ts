import type { Database } from "bun:sqlite";
import type { AuditService, Actor } from "../audit/service.ts";
import type { SecretBox } from "../platform/secretbox.ts";
import { AppError, conflict, invalid } from "../platform/errors.ts";
import { bodyEscaper, headerEscape, renderTemplate, unknownPlaceholder, urlEscape, type SmsVars } from "./sms-template.ts";

/**
 * The organisation's SMS gateway (org_settings "sms_gateway"): Chinese SMS providers and in-house
 * gateways all take an HTTP request, each in its own shape, so the request is a template. The
 * secret (API key, password) is sealed with the data folder's key, never shown again, and reaches
 * the request only through the {{secret}} placeholder.
 */
export interface SmsGateway {
  url: string;
  method: "GET" | "POST";
  contentType: (typeof CONTENT_TYPES)[number];
  /** "Name: value" pairs; values may use placeholders. */
  headers: [string, string][];
  body: string;
  timeoutSeconds: number;
  /** Besides a 2xx status, the answer must contain this text (empty: any 2xx is success). */
  successContains: string;
  secret: string;
}

export const CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded"] as const;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const SAMPLE: SmsVars = { phone: "13800138000", text: "x", site: "x", id: "1", time: "x", secret: "x" };

const str = (v: unknown, max: number) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n").trim().slice(0, max) : "");
const flag = (v: unknown) => v === true || v === "1" || v === "on" || v === "true";

function placeholdersKnown(text: string, field: string) {
  const bad = unknownPlaceholder(text);
  if (bad) throw invalid(`未知的占位符 ${bad}（可用 {{phone}} {{text}} {{site}} {{id}} {{time}} {{secret}}） / unknown placeholder ${bad}`, field);
}

function parseHeaders(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf(":");
    const name = i > 0 ? line.slice(0, i).trim() : "";
    if (!HEADER_NAME.test(name)) throw invalid(`请求头须写成“名称: 值”，每行一个：${line.slice(0, 40)} / headers are "Name: value", one per line`, "headers");
    if (/^(content-type|content-length|host|transfer-encoding)$/i.test(name)) throw invalid(`请求头 ${name} 由系统设置 / ${name} is set by Yingke`, "headers");
    const value = line.slice(i + 1).trim();
    if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid("请求头的值含有控制字符 / a header value contains control characters", "headers");
    placeholdersKnown(value, "headers");
    out.push([name, value]);
  }
  if (out.length > 20) throw invalid("请求头最多 20 个 / at most 20 headers", "headers");
  return out;
}

export const headersText = (g: SmsGateway | null) => (g?.headers ?? []).map(([n, v]) => `${n}: ${v}`).join("\n");

export function createSmsGateway(deps: { db: Database; audit: AuditService; secretBox: SecretBox }) {
  const read = deps.db.prepare("SELECT value FROM org_settings WHERE key = 'sms_gateway'");
  const write = deps.db.prepare("INSERT INTO org_settings (key, value) VALUES ('sms_gateway', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  let cached: SmsGateway | null | undefined;

  function load(): SmsGateway | null {
    const row = read.get() as { value: string } | null;
    if (!row) return null;
    const { secret_sealed, ...rest } = JSON.parse(row.value) as Omit<SmsGateway, "secret"> & { secret_sealed: string };
    return { ...rest, secret: secret_sealed ? deps.secretBox.open(secret_sealed) : "" };
  }
  const get = (): SmsGateway | null => (cached === undefined ? (cached = load()) : cached);

  return {
    get,

    /** Validates the whole form first (422 naming the field). An empty secret keeps the stored one. */
    set(input: Record<string, unknown>, actor: Actor): SmsGateway {
      const before = get();
      const url = str(input.url, 2000);
      placeholdersKnown(url, "url");
      let parsed: URL | null = null;
      try {
        parsed = new URL(renderTemplate(url, SAMPLE, urlEscape));
      } catch {}
      if (!parsed || !/^https?:$/.test(parsed.protocol)) throw invalid("请填写以 http:// 或 https:// 开头的网关地址 / give the gateway's http:// or https:// address", "url");
      const method = str(input.method, 8).toUpperCase();
      if (method !== "GET" && method !== "POST") throw invalid("请选择 GET 或 POST / choose GET or POST", "method");
      const contentType = str(input.contentType, 64) || CONTENT_TYPES[0];
      if (!(CONTENT_TYPES as readonly string[]).includes(contentType)) throw invalid("请选择请求内容类型 / choose a content type", "contentType");
      const headers = parseHeaders(str(input.headers, 4000));
      const body = str(input.body, 4000);
      placeholdersKnown(body, "body");
      if (method === "POST" && !body) throw invalid("POST 请求须填写请求内容模板 / a POST needs a body template", "body");
      const timeoutText = str(input.timeoutSeconds, 3) || "10";
      const timeoutSeconds = Number(timeoutText);
      if (!/^\d+$/.test(timeoutText) || timeoutSeconds < 1 || timeoutSeconds > 60) throw invalid("超时须为 1–60 秒 / the timeout must be 1–60 seconds", "timeoutSeconds");
      const successContains = str(input.successContains, 200);
      const typed = typeof input.secret === "string" ? input.secret.trim().slice(0, 1000) : "";
      const secret = flag(input.clearSecret) ? "" : typed || before?.secret || "";
      const next: SmsGateway = { url, method, contentType: contentType as SmsGateway["contentType"], headers, body, timeoutSeconds, successContains, secret };
      const { secret: _, ...visible } = next;
      deps.db.transaction(() => {
        write.run(JSON.stringify({ ...visible, secret_sealed: secret ? deps.secretBox.seal(secret) : "" }));
        deps.audit.record(actor, { action: "notify.sms.update", targetType: "settings", targetId: "sms_gateway", detail: { ...visible, secretChanged: secret !== (before?.secret ?? "") } });
      }).immediate();
      cached = next;
      return next;
    },

    /** One request to the gateway; resolves only when the gateway's answer meets the success rule. */
    async send(vars: Omit<SmsVars, "secret">): Promise<{ status: number; answer: string }> {
      const g = get();
      if (!g) throw conflict("未设置短信网关 / no SMS gateway is set up");
      const all: SmsVars = { ...vars, secret: g.secret };
      const headers: Record<string, string> = {};
      for (const [name, value] of g.headers) headers[name] = renderTemplate(value, all, headerEscape);
      const init: RequestInit = { method: g.method, headers, redirect: "manual", signal: AbortSignal.timeout(g.timeoutSeconds * 1000) };
      if (g.method === "POST") {
        headers["content-type"] = `${g.contentType}; charset=utf-8`;
        init.body = renderTemplate(g.body, all, bodyEscaper(g.contentType));
      }
      let res: Response;
      let answer: string;
      try {
        res = await fetch(renderTemplate(g.url, all, urlEscape), init);
        answer = (await res.text()).slice(0, 2000);
      } catch (e) {
        const reason = (e as Error).name === "TimeoutError" ? `${g.timeoutSeconds} 秒内无应答 / no answer within ${g.timeoutSeconds} s` : String((e as Error).message ?? e);
        throw new AppError(502, "sms_failed", `短信网关不可用 / the SMS gateway could not be reached: ${reason.slice(0, 200)}`);
      }
      if (res.status < 200 || res.status > 299) throw new AppError(502, "sms_failed", `短信网关返回 ${res.status} / the SMS gateway answered ${res.status}: ${answer.slice(0, 200)}`);
      if (g.successContains && !answer.includes(g.successContains)) {
        throw new AppError(502, "sms_failed", `短信网关的应答不含“${g.successContains}” / the gateway's answer lacks "${g.successContains}": ${answer.slice(0, 200)}`);
      }
      return { status: res.status, answer };
    },
  };
}
export type SmsGatewayStore = ReturnType<typeof createSmsGateway>;
