/**
 * The SMS gateway's request template: `{{name}}` placeholders filled with values escaped for
 * where they land. A visitor's message ends up inside the gateway's URL, headers or body, so a
 * quote, an ampersand or a newline in it must stay data and never change the request's shape.
 */
export const SMS_PLACEHOLDERS = ["phone", "text", "site", "id", "time", "secret"] as const;
export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];
export type SmsVars = Record<SmsPlaceholder, string>;

const PATTERN = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

export type Escaper = (value: string) => string;

/** Inside a JSON string literal: the template writes the quotes, the value never closes them. */
export const jsonEscape: Escaper = (v) => JSON.stringify(v).slice(1, -1).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
/** A URL component or a form field (application/x-www-form-urlencoded). */
export const urlEscape: Escaper = (v) => encodeURIComponent(v);
/**
 * A header value: no line breaks or other control characters, so no header can be added; and
 * header values are bytes, so characters beyond ASCII (a Chinese site name) are percent-encoded.
 */
export const headerEscape: Escaper = (v) => v.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/[^\u0020-\u007e]+/g, (s) => encodeURIComponent(s));

export const isJson = (contentType: string) => /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType.trim());
/** JSON string escaping for a JSON body, form (URL) encoding for everything else. */
export const bodyEscaper = (contentType: string): Escaper => (isJson(contentType) ? jsonEscape : urlEscape);

/** The first placeholder the template uses that does not exist, or null. */
export function unknownPlaceholder(template: string): string | null {
  for (const m of template.matchAll(PATTERN)) if (!(SMS_PLACEHOLDERS as readonly string[]).includes(m[1])) return m[0];
  return null;
}

export function renderTemplate(template: string, vars: SmsVars, escape: Escaper): string {
  return template.replace(PATTERN, (whole, name: string) => (Object.hasOwn(vars, name) ? escape(vars[name as SmsPlaceholder]) : whole));
}
