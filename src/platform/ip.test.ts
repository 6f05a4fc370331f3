import { describe, expect, it } from "bun:test";
import { clientIp, parseCidr, parseCidrList, anyContains, normalizeIp, parseIp } from "./ip.ts";

describe("ip", () => {
  it("parses and rejects addresses", () => {
    expect(parseIp("10.1.2.3")).not.toBeNull();
    expect(parseIp("::1")).not.toBeNull();
    expect(parseIp("2001:db8::1")).not.toBeNull();
    expect(parseIp("::ffff:10.1.2.3")).toBe(parseIp("10.1.2.3"));
    for (const bad of ["", "256.1.1.1", "1.2.3", "1.2.3.4.5", "abc", "1::2::3", "12345::1"]) expect(parseIp(bad)).toBeNull();
    expect(normalizeIp("::ffff:192.168.0.9")).toBe("192.168.0.9");
  });

  it("matches CIDR ranges for IPv4 and IPv6", () => {
    const list = parseCidrList("10.0.0.0/8\n192.168.1.5, 2001:db8::/32");
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(anyContains(list.list, "10.200.3.4")).toBe(true);
    expect(anyContains(list.list, "::ffff:10.200.3.4")).toBe(true);
    expect(anyContains(list.list, "11.0.0.1")).toBe(false);
    expect(anyContains(list.list, "192.168.1.5")).toBe(true);
    expect(anyContains(list.list, "192.168.1.6")).toBe(false);
    expect(anyContains(list.list, "2001:db8:ffff::1")).toBe(true);
    expect(anyContains(list.list, "2001:db9::1")).toBe(false);
    expect(anyContains([parseCidr("0.0.0.0/0")!], "8.8.8.8")).toBe(true);
    expect(anyContains([parseCidr("0.0.0.0/0")!], "2001:db8::1")).toBe(false);
  });

  it("names the first invalid entry of a list", () => {
    expect(parseCidrList("10.0.0.0/8\n10.0.0.0/40")).toEqual({ ok: false, bad: "10.0.0.0/40" });
    expect(parseCidrList("<script>")).toEqual({ ok: false, bad: "<script>" });
  });

  describe("client address", () => {
    const trusted = [parseCidr("10.0.0.1")!, parseCidr("10.0.1.0/24")!];
    it("ignores forwarded headers from an untrusted peer", () => {
      expect(clientIp("203.0.113.9", "1.2.3.4", trusted)).toBe("203.0.113.9");
      expect(clientIp("203.0.113.9", "1.2.3.4", [])).toBe("203.0.113.9");
    });
    it("takes the right-most untrusted hop behind trusted proxies", () => {
      expect(clientIp("10.0.0.1", "198.51.100.7", trusted)).toBe("198.51.100.7");
      // The client prepended a forged entry; the proxies appended the real one.
      expect(clientIp("10.0.0.1", "127.0.0.1, 198.51.100.7, 10.0.1.20", trusted)).toBe("198.51.100.7");
    });
    it("falls back to the peer when the header is garbage or all hops are trusted", () => {
      expect(clientIp("10.0.0.1", "not-an-ip", trusted)).toBe("10.0.0.1");
      expect(clientIp("10.0.0.1", "10.0.1.3", trusted)).toBe("10.0.0.1");
    });
  });
});
