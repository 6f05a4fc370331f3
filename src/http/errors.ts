import { Elysia } from "elysia";
import type { Logger } from "../platform/logger.ts";
import { AppError } from "../platform/errors.ts";
import { html } from "../platform/html.ts";
import { htmlResponse, page } from "../platform/page.ts";
import { wantsHtml } from "./negotiate.ts";

function toAppError(code: string | number, error: unknown): AppError {
  if (error instanceof AppError) return error;
  switch (code) {
    case "NOT_FOUND": return new AppError(404, "not_found", "页面不存在 / Not found");
    case "VALIDATION": {
      const e = error as { all?: { path?: string; summary?: string; message?: string }[] };
      const first = e.all?.[0];
      const field = first?.path?.replace(/^\//, "").replace(/\//g, ".") || undefined;
      return new AppError(422, "invalid", first?.summary ?? first?.message ?? "输入无效 / Invalid input", field);
    }
    case "PARSE": return new AppError(400, "bad_request", "请求格式无法解析 / The request body could not be parsed");
    case "INVALID_COOKIE_SIGNATURE": return new AppError(400, "bad_request", "Cookie 无效 / Invalid cookie");
    default: return new AppError(500, "internal", "服务器内部错误，请稍后重试 / Internal error; please try again");
  }
}

export function errorPage(err: AppError): string {
  return page({
    title: String(err.status),
    bodyClass: "narrow",
    body: html`<main class="card error-page">
  <h1>${err.status}</h1>
  <p>${err.message}</p>
  <p><a href="/">返回首页 / Home</a></p>
</main>`,
  });
}

/**
 * The one error mapper: API clients get `{"error":{"code","message","field"}}`, pages get a
 * friendly page; unexpected errors are logged with their stack and answered generically.
 */
export function errorMapper(logger: Logger) {
  return new Elysia({ name: "error-mapper" }).onError({ as: "global" }, (ctx) => {
    const { code, error, request } = ctx;
    const err = toAppError(code, error);
    if (err.status >= 500) logger.error({ err: error, requestId: (ctx as any).requestId, path: new URL(request.url).pathname }, "unhandled error");
    if (wantsHtml(request) && !request.headers.has("hx-request")) return htmlResponse(errorPage(err), err.status);
    const body = { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
    return new Response(JSON.stringify(body), { status: err.status, headers: { "content-type": "application/json; charset=utf-8" } });
  });
}
