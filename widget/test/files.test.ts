import { describe, expect, it } from "bun:test";
import { checkFile, fileUrl, formatSize, typeAllowed } from "../src/files.ts";

const limits = { maxMessageLength: 5000, maxFileBytes: 1000, allowedFileTypes: ["jpg", ".PNG", "application/pdf", "text/*"] };

describe("files", () => {
  it("checks size and type against connected.limits", () => {
    expect(checkFile({ name: "a.jpg", size: 10, type: "image/jpeg" }, limits)).toBeNull();
    expect(checkFile({ name: "A.PNG", size: 10, type: "" }, limits)).toBeNull();
    expect(checkFile({ name: "doc.bin", size: 10, type: "application/pdf" }, limits)).toBeNull();
    expect(checkFile({ name: "notes", size: 10, type: "text/plain" }, limits)).toBeNull();
    expect(checkFile({ name: "a.jpg", size: 1001, type: "image/jpeg" }, limits)).toBe("fileTooBig");
    expect(checkFile({ name: "x.svg", size: 10, type: "image/svg+xml" }, limits)).toBe("fileType");
    expect(checkFile({ name: "x.exe", size: 10, type: "" }, limits)).toBe("fileType");
    expect(typeAllowed("x.exe", "", [])).toBe(true); // no list: the server decides
  });

  it("file URLs stay on the server origin and carry the visitor token", () => {
    const o = "https://chat.example.com";
    expect(fileUrl(o, "/files/abc", "T")).toBe("https://chat.example.com/files/abc?token=T");
    expect(fileUrl(o, "/files/abc/thumb?token=X", "T")).toBe("https://chat.example.com/files/abc/thumb?token=X");
    expect(fileUrl(o, "https://evil.example.net/x", "T")).toBeNull();
    expect(fileUrl(o, "//evil.example.net/x", "T")).toBeNull();
    expect(fileUrl(o, "javascript:alert(1)", "T")).toBeNull();
    expect(fileUrl(o, null, "T")).toBeNull();
  });

  it("formats sizes", () => {
    expect(formatSize(512)).toBe("512 B");
    expect(formatSize(2048)).toBe("2 KB");
    expect(formatSize(5 * 1024 * 1024)).toBe("5.0 MB");
  });
});
