/**
 * Every error a client may see is an AppError: the one error mapper (http/errors.ts) turns it
 * into `{"error":{"code","message","field"}}` or a friendly page. Anything else is a bug and is
 * answered as a bare 500 so that no stack trace or internal detail ever reaches a client.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, field?: string) => new AppError(400, "bad_request", message, field);
export const invalid = (message: string, field?: string) => new AppError(422, "invalid", message, field);
export const unauthorized = (message = "Sign-in required / 请先登录") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "Not allowed / 无权限") => new AppError(403, "forbidden", message);
export const notFound = (message = "Not found / 未找到") => new AppError(404, "not_found", message);
export const conflict = (message: string, field?: string) => new AppError(409, "conflict", message, field);
export const tooMany = (message = "Too many requests / 请求过于频繁") => new AppError(429, "rate_limited", message);

/** Thrown at start-up for configuration problems: main prints the message and exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
