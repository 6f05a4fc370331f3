import { describe, expect, test } from "bun:test";
import { createGeoLookup, LAN, parseIPv4, parseIPv6 } from "./geo.ts";

const geo = createGeoLookup();
const blank = { country: "", province: "", city: "", isp: "" };
const lan = { country: LAN, province: "", city: "", isp: "" };

describe("geo: Chinese IPv4 addresses give province, city and ISP", () => {
  // Expected values are what the bundled ip2region database says; if a data update moves a
  // range, fix the row, the point is that Chinese addresses come back fully populated.
  test.each([
    ["223.5.5.5", "浙江省", "杭州市", "阿里云"], // AliDNS
    ["120.24.78.68", "广东省", "深圳市", "阿里云"],
    ["183.2.172.42", "广东省", "广州市", "电信"],
    ["36.110.0.1", "北京", "北京市", "电信"], // municipalities: province without 市
    ["39.156.66.10", "北京", "北京市", "移动"],
    ["110.242.68.3", "河北省", "保定市", "联通"],
  ])("%s", (ip, province, city, isp) => {
    expect(geo.lookup(ip)).toEqual({ country: "中国", province, city, isp });
  });

  test("114DNS has a province and city (the data has no ISP for it)", () => {
    const r = geo.lookup("114.114.114.114");
    expect(r.country).toBe("中国");
    expect(r.province).toBe("江苏省");
    expect(r.city).toBe("南京市");
  });
});

describe("geo: other addresses give the country only", () => {
  test.each([
    ["1.1.1.1", "澳大利亚"],
    ["8.8.8.8", "美国"],
  ])("%s", (ip, country) => {
    expect(geo.lookup(ip)).toEqual({ country, province: "", city: "", isp: "" });
  });
});

describe("geo: private and loopback addresses are the LAN", () => {
  test.each([
    "127.0.0.1", "10.0.0.1", "10.255.255.254", "172.16.0.1", "172.31.255.1", "192.168.1.100",
    "169.254.10.1", "100.64.0.1", "::1", "fe80::1%eth0", "fd12:3456::1", "::ffff:192.168.0.1",
  ])("%s", (ip) => {
    expect(geo.lookup(ip)).toEqual(lan);
  });

  test("172.15.x and 172.32.x are public, not LAN", () => {
    expect(geo.lookup("172.15.0.1").country).not.toBe(LAN);
    expect(geo.lookup("172.32.0.1").country).not.toBe(LAN);
  });
});

describe("geo: IPv6", () => {
  test("Chinese carriers' IPv6 ranges give province and ISP", () => {
    const telecom = geo.lookup("240e:47d:c20:1627:30a3:ba0d:a5e6:ec19");
    expect(telecom).toMatchObject({ country: "中国", province: "广东省", isp: "电信" });
    expect(geo.lookup("2409:8a00::1")).toEqual({ country: "中国", province: "北京", city: "北京市", isp: "移动" });
    expect(geo.lookup("[2408:8000::1]")).toMatchObject({ country: "中国", isp: "联通" });
  });

  test("IPv4 embedded in IPv6 is looked up as IPv4", () => {
    const v4 = geo.lookup("223.5.5.5");
    expect(geo.lookup("::ffff:223.5.5.5")).toEqual(v4);
    expect(geo.lookup("::ffff:df05:505")).toEqual(v4);
    expect(geo.lookup("2002:df05:0505::1")).toEqual(v4); // 6to4
  });

  test("reserved and anycast-only ranges are unknown rather than a fake place", () => {
    expect(geo.lookup("2001:db8::1")).toEqual(blank);
    expect(geo.lookup("::")).toEqual(blank);
  });
});

describe("geo: bad input", () => {
  test.each(["", "   ", "garbage", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1::2::3", "12345::", "::ffff:1.2.3"])(
    "%p → empty",
    (ip) => {
      expect(geo.lookup(ip)).toEqual(blank);
    },
  );

  test("null-ish input does not throw", () => {
    expect(geo.lookup(undefined as unknown as string)).toEqual(blank);
  });

  test("results are copies: mutating one does not poison the cache", () => {
    const a = geo.lookup("223.5.5.5");
    a.city = "changed";
    expect(geo.lookup("223.5.5.5").city).toBe("杭州市");
  });

  test("instances share the loaded databases", () => {
    expect(createGeoLookup().lookup("223.5.5.5")).toEqual(geo.lookup("223.5.5.5"));
  });
});

describe("address parsers", () => {
  test("parseIPv4", () => {
    expect(parseIPv4("0.0.0.0")).toBe(0);
    expect(parseIPv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIPv4("1.2.3.4")).toBe(0x01020304);
    expect(parseIPv4("1.2.3.")).toBe(-1);
    expect(parseIPv4(" 1.2.3.4")).toBe(-1);
  });

  test("parseIPv6", () => {
    expect(parseIPv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6("2001:db8::")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIPv6("1:2:3:4:5:6:7")).toBeNull();
    expect(parseIPv6("1:2:3:4::5:6:7:8")).toBeNull();
    expect(parseIPv6("1.2.3.4")).toBeNull();
  });
});
