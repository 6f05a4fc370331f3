import { describe, expect, it } from "bun:test";
import { linkify, safeHref, tokenize } from "../src/links.ts";
import { useDom } from "./dom-env.ts";

useDom();

describe("links", () => {
  it("links only http, https and mailto", () => {
    expect(safeHref("https://example.com/a?b=1")).toBe("https://example.com/a?b=1");
    expect(safeHref("http://example.com")).toBe("http://example.com/");
    expect(safeHref("mailto:a@example.com")).toBe("mailto:a@example.com");
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/passwd", "ftp://example.com", "mailto:nobody", "http://"]) {
      expect(safeHref(bad)).toBeNull();
    }
  });

  it("never turns javascript: into a link, even inside text", () => {
    const pieces = tokenize("click javascript:alert(document.cookie) now");
    expect(pieces.every((p) => !p.href)).toBe(true);
    const frag = linkify("click javascript:alert(1)//http://x");
    const div = document.createElement("div");
    div.append(frag);
    for (const a of div.querySelectorAll("a")) expect(a.getAttribute("href")!.startsWith("http")).toBe(true);
  });

  it("finds URLs in text and leaves sentence punctuation out", () => {
    expect(tokenize("See https://example.com/x. Thanks")).toEqual([{ text: "See " }, { text: "https://example.com/x", href: "https://example.com/x" }, { text: ". Thanks" }]);
    expect(tokenize("(https://en.wikipedia.org/wiki/Foo_(bar))")[1].text).toBe("https://en.wikipedia.org/wiki/Foo_(bar))");
    expect(tokenize("网址：https://example.cn/页面，谢谢")[1]).toEqual({ text: "https://example.cn/页面", href: "https://example.cn/%E9%A1%B5%E9%9D%A2" });
    expect(tokenize("write to mailto:help@example.com!")[1].href).toBe("mailto:help@example.com");
  });

  it("renders markup as text and links with noopener noreferrer in a new tab", () => {
    const div = document.createElement("div");
    div.append(linkify('<script>alert(1)</script> <img src=x onerror=alert(1)> https://example.com/?q="><b>'));
    expect(div.querySelector("script")).toBeNull();
    expect(div.querySelector("img")).toBeNull();
    expect(div.querySelector("b")).toBeNull();
    expect(div.textContent).toContain("<script>alert(1)</script>");
    const a = div.querySelector("a")!;
    expect(a.getAttribute("rel")).toBe("noopener noreferrer");
    expect(a.getAttribute("target")).toBe("_blank");
    expect(a.textContent).toBe("https://example.com/?q=");
  });
});
