import { describe, expect, it } from "bun:test";
import { missingKeys } from "../../lib/i18n.ts";
import "./strings.ts";

describe("team strings", () => {
  it("exist in both Chinese and English", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("team.") || m.key.startsWith("notices."))).toEqual([]);
  });
});
