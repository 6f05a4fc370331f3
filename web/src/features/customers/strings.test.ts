import { describe, expect, it } from "bun:test";
import { missingKeys } from "../../lib/i18n.ts";
import { displayName } from "./model.ts";
import "./strings.ts";

describe("customer strings", () => {
  it("exist in both Chinese and English", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("cust."))).toEqual([]);
  });

  it("name a customer by the visitor's name, else the verified member's, else as unnamed", () => {
    expect(displayName({ name: "王先生", member: { name: "王某" } }, "x")).toBe("王先生");
    expect(displayName({ name: "", member: { name: "王某" } }, "x")).toBe("王某");
    expect(displayName({ name: "", member: null }, "未命名")).toBe("未命名");
  });
});
