import { describe, expect, it } from "bun:test";
import { checkFile, KINDS } from "./sniff.ts";
import { FILE_TYPES } from "../platform/config.ts";

const bytes = (...n: number[]) => new Uint8Array(n);
const text = (s: string) => new TextEncoder().encode(s);

describe("file type checks", () => {
  it("knows every type the configuration accepts", () => {
    expect(Object.keys(KINDS).sort()).toEqual([...FILE_TYPES].sort());
  });

  it("accepts content that matches the extension", () => {
    const all = FILE_TYPES;
    expect(checkFile("a.png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), all).ok).toBe(true);
    expect(checkFile("a.JPG", bytes(0xff, 0xd8, 0xff, 0xe0), all).ok).toBe(true);
    expect(checkFile("a.pdf", text("%PDF-1.7"), all).ok).toBe(true);
    expect(checkFile("a.docx", bytes(0x50, 0x4b, 0x03, 0x04, 1), all).ok).toBe(true);
    expect(checkFile("a.xls", bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), all).ok).toBe(true);
    expect(checkFile("说明.txt", text("中文说明"), all).ok).toBe(true);
  });

  it("refuses renamed files, unknown extensions and binary text", () => {
    const all = FILE_TYPES;
    expect(checkFile("a.png", text("<html><script>alert(1)</script>"), all).ok).toBe(false);
    expect(checkFile("a.pdf", bytes(0x4d, 0x5a, 0x90, 0), all).ok).toBe(false); // an .exe
    expect(checkFile("a.exe", bytes(0x4d, 0x5a), all).ok).toBe(false);
    expect(checkFile("noext", text("x"), all).ok).toBe(false);
    expect(checkFile("a.txt", bytes(0x41, 0, 0x42), all).ok).toBe(false);
    expect(checkFile("a.txt", bytes(0xc3, 0x28), all).ok).toBe(false); // invalid UTF-8
  });

  it("refuses a type that is not on the allowed list", () => {
    const r = checkFile("a.png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), ["pdf"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("png");
  });
});
