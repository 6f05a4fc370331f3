import { describe, expect, it } from "bun:test";
import { missingKeys } from "../../lib/i18n.ts";
import "./strings.ts";

describe("inbox strings", () => {
  it("exist in both Chinese and English", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("inbox.") || m.key.startsWith("inboxBadge."))).toEqual([]);
  });
});
