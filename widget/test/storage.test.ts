import { describe, expect, it } from "bun:test";
import { siteStorage } from "../src/storage.ts";

function memoryArea(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), clear: () => m.clear(), key: () => null, get length() { return m.size; } } as Storage;
}

describe("storage", () => {
  it("namespaces keys by site", () => {
    const area = memoryArea();
    siteStorage("siteA", () => area).set("vid", "v1");
    expect(area.getItem("yingke:siteA:vid")).toBe("v1");
    expect(siteStorage("siteB", () => area).get("vid")).toBeNull();
    expect(siteStorage("siteA", () => area).get("vid")).toBe("v1");
  });

  it("keeps working in memory when localStorage throws on access", () => {
    const s = siteStorage("k", () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    });
    expect(s.get("vid")).toBeNull();
    s.set("vid", "abc");
    expect(s.get("vid")).toBe("abc");
  });

  it("keeps working in memory when writes throw (quota, Safari private mode)", () => {
    const area = memoryArea();
    area.setItem = () => {
      throw new DOMException("quota", "QuotaExceededError");
    };
    const s = siteStorage("k", () => area);
    s.set("token", "t1");
    expect(s.get("token")).toBe("t1");
  });

  it("works when there is no storage at all", () => {
    const s = siteStorage("k", () => undefined);
    s.set("vid", "x");
    expect(s.get("vid")).toBe("x");
  });
});
