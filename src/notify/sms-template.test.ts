import { describe, expect, it } from "bun:test";
import { bodyEscaper, headerEscape, renderTemplate, unknownPlaceholder, urlEscape, type SmsVars } from "./sms-template.ts";

const vars: SmsVars = { phone: "+86 138-0013-8000", text: `王先生："退款"\n&amount=0 </script>\u2028`, site: "网上银行", id: "42", time: "2026-01-01 08:00", secret: "k&y" };

describe("SMS request templates", () => {
  it("escapes values as JSON strings in a JSON body: the result parses back to the same text", () => {
    const body = renderTemplate(`{"to":"{{phone}}","msg":"{{ text }}","sign":"{{site}}","k":"{{secret}}"}`, vars, bodyEscaper("application/json; charset=utf-8"));
    expect(JSON.parse(body)).toEqual({ to: vars.phone, msg: vars.text, sign: vars.site, k: "k&y" });
  });

  it("form-encodes values in any other body, so & and = stay inside their field", () => {
    const body = renderTemplate("mobile={{phone}}&content={{text}}&k={{secret}}", vars, bodyEscaper("application/x-www-form-urlencoded"));
    const form = new URLSearchParams(body);
    expect([...form.keys()]).toEqual(["mobile", "content", "k"]);
    expect(form.get("content")).toBe(vars.text);
    expect(form.get("mobile")).toBe(vars.phone);
  });

  it("URL-encodes in the URL and strips line breaks from header values", () => {
    const url = new URL(renderTemplate("http://gw.local/send?to={{phone}}&t={{text}}", vars, urlEscape));
    expect(url.searchParams.get("t")).toBe(vars.text);
    const header = renderTemplate("Bearer {{text}}", vars, headerEscape);
    expect(header).toMatch(/^[\u0020-\u007e]+$/);
    expect(renderTemplate("{{site}}", vars, headerEscape)).toBe(encodeURIComponent("网上银行"));
  });

  it("names unknown placeholders", () => {
    expect(unknownPlaceholder("{{phone}} {{text}} {{site}} {{id}} {{time}} {{secret}}")).toBeNull();
    expect(unknownPlaceholder("to={{phone}}&x={{mobile}}")).toBe("{{mobile}}");
  });
});
