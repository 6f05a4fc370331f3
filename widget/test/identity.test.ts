import { afterEach, describe, expect, it } from "bun:test";
import { identityFrame } from "../src/identity.ts";
import { useDom } from "./dom-env.ts";

/** V25 in the widget: where the host's signed member claim is read from, and when it is sent. */
useDom();
const w = () => window as unknown as { yingkeIdentity?: unknown };
afterEach(() => {
  delete w().yingkeIdentity;
});
const SIG = "ab".repeat(32);

describe("identity frame", () => {
  it("passes the global claim on as it is (the server checks it)", () => {
    w().yingkeIdentity = { memberId: 1001, name: "王小明", ts: 1714550400, sig: SIG };
    expect(identityFrame(null, false)).toEqual({ type: "identify", memberId: "1001", name: "王小明", ts: 1714550400, sig: SIG });
  });

  it("reads data attributes on the snippet's script element when there is no global", () => {
    const s = document.createElement("script");
    s.setAttribute("data-member-id", "M-7");
    s.setAttribute("data-member-ts", "1714550400");
    s.setAttribute("data-member-sig", SIG);
    expect(identityFrame(s, false)).toEqual({ type: "identify", memberId: "M-7", name: "", ts: "1714550400", sig: SIG });
  });

  it("says nothing without a claim, and an empty identify when the server still thinks the visitor verified", () => {
    expect(identityFrame(document.createElement("script"), false)).toBeNull();
    expect(identityFrame(null, true)).toEqual({ type: "identify" });
    w().yingkeIdentity = { memberId: "", sig: SIG };
    expect(identityFrame(null, true)).toEqual({ type: "identify" });
  });
});
