import { describe, expect, it } from "bun:test";
import { PERMISSIONS } from "../auth/permissions.ts";
import { CONTACT_PERMISSION, FULL_IP_PERMISSION, maskEmail, maskIp, maskKey, maskPhone, visitorMask } from "./masking.ts";

describe("maskIp", () => {
  it("keeps the first two octets of IPv4 and the first two groups of IPv6", () => {
    expect(maskIp("203.0.113.7")).toBe("203.0.*.*");
    expect(maskIp("10.1.2.3")).toBe("10.1.*.*");
    expect(maskIp("2001:db8:85a3::8a2e:370:7334")).toBe("2001:db8::*");
    expect(maskIp("2001:0DB8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::*");
    expect(maskIp("::1")).toBe("0:0::*");
    expect(maskIp("fe80::1%eth0")).toBe("fe80:0::*");
  });
  it("masks IPv4-mapped addresses and block ranges like plain addresses", () => {
    expect(maskIp("::ffff:203.0.113.7")).toBe("203.0.*.*");
    expect(maskIp("203.0.113.0/24")).toBe("203.0.*.*");
    expect(maskIp("64:ff9b::198.51.100.1")).toBe("64:ff9b::*");
  });
  it("keeps empty values empty and hides anything it does not recognise", () => {
    expect(maskIp("")).toBe("");
    expect(maskIp(null)).toBe("");
    expect(maskIp(undefined)).toBe("");
    expect(maskIp("unknown")).toBe("*");
    expect(maskIp("300.1.2.3")).toBe("*");
    expect(maskIp("1.2.3")).toBe("*");
    expect(maskIp("1::2::3")).toBe("*");
    expect(maskIp("1:2:3:4:5:6:7:8:9")).toBe("*");
  });
});

describe("maskPhone", () => {
  it("shows a Chinese mobile number as 138****5678", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("138 1234 5678")).toBe("138****5678");
    expect(maskPhone("+86 138-1234-5678")).toBe("+86 138****5678");
    expect(maskPhone("008613812345678")).toBe("+86 138****5678");
  });
  it("keeps the first three and last two digits of other numbers", () => {
    expect(maskPhone("010-12345678")).toBe("010******78");
    expect(maskPhone("+1 (415) 555-0100")).toBe("+141******00");
    expect(maskPhone("123456")).toBe("123*56");
  });
  it("hides short or digit-less values entirely and keeps empty ones empty", () => {
    expect(maskPhone("")).toBe("");
    expect(maskPhone("  ")).toBe("");
    expect(maskPhone(null)).toBe("");
    expect(maskPhone("12345")).toBe("***");
    expect(maskPhone("call me")).toBe("***");
  });
});

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a***@example.com");
    expect(maskEmail("a@x.cn")).toBe("a***@x.cn");
    expect(maskEmail("张三@例子.中国")).toBe("张***@例子.中国");
    expect(maskEmail("\"odd@local\"@example.com")).toBe("\"***@example.com");
  });
  it("hides values that are not an address and keeps empty ones empty", () => {
    expect(maskEmail("")).toBe("");
    expect(maskEmail(undefined)).toBe("");
    expect(maskEmail("no-at-sign")).toBe("***");
    expect(maskEmail("@example.com")).toBe("***");
    expect(maskEmail("alice@")).toBe("***");
  });
});

describe("visitorMask", () => {
  const visitor = {
    id: 7, name: "张三", ip: "203.0.113.7", phone: "13812345678", email: "alice@example.com", company: "ACME",
    visit: { ip: "2001:db8::1", region: "上海", trail: [{ url: "/a" }] },
    info: { name: "张三", phone: "+86 13812345678", email: "bob@example.org", company: "" },
    answers: [{ field: "phone", value: "13812345678" }, { field: "comment", value: "13812345678 is fine" }],
    block: { ip_cidr: "203.0.113.0/24" },
    lastIp: "198.51.100.2",
    at: 123, flag: null,
  };
  const perms = (...p: string[]) => new Set(p);

  it("masks IP, phone and email at any depth for an agent holding neither permission", () => {
    const m = visitorMask(perms("chat.accept"))(visitor);
    expect(m).toEqual({
      ...visitor, ip: "203.0.*.*", phone: "138****5678", email: "a***@example.com",
      visit: { ip: "2001:db8::*", region: "上海", trail: [{ url: "/a" }] },
      info: { name: "张三", phone: "+86 138****5678", email: "b***@example.org", company: "" },
      answers: [{ field: "phone", value: "138****5678" }, { field: "comment", value: "13812345678 is fine" }],
      block: { ip_cidr: "203.0.*.*" },
      lastIp: "198.51.*.*",
    });
    // The input is untouched (rows may be shared between recipients).
    expect(visitor.phone).toBe("13812345678");
    expect(visitor.visit.ip).toBe("2001:db8::1");
  });

  it("masks each kind separately by its own permission", () => {
    const ipOnly = visitorMask(perms(CONTACT_PERMISSION))(visitor);
    expect([ipOnly.ip, ipOnly.phone, ipOnly.email]).toEqual(["203.0.*.*", "13812345678", "alice@example.com"]);
    const contactOnly = visitorMask(perms(FULL_IP_PERMISSION))(visitor);
    expect([contactOnly.ip, contactOnly.phone, contactOnly.email]).toEqual(["203.0.113.7", "138****5678", "a***@example.com"]);
    expect(contactOnly.info.phone).toBe("+86 138****5678");
  });

  it("returns the very same value to a viewer with both permissions", () => {
    const mask = visitorMask(perms(FULL_IP_PERMISSION, CONTACT_PERMISSION));
    expect(mask(visitor)).toBe(visitor);
    expect(visitorMask({ fullIp: true, contact: true })(visitor)).toBe(visitor);
  });

  it("copes with lists, empty values and non-objects", () => {
    const mask = visitorMask({ fullIp: false, contact: false });
    expect(mask([{ ip: "", phone: "", email: "" }])).toEqual([{ ip: "", phone: "", email: "" }]);
    expect(mask(null)).toBe(null);
    expect(mask("13812345678")).toBe("13812345678");
    expect(mask({ phone: null, ip: 5 })).toEqual({ phone: null, ip: 5 });
    expect(mask({ items: [], total: 3 })).toEqual({ items: [], total: 3 });
  });

  it("names real permissions and gives each combination of rights its own key", () => {
    expect(FULL_IP_PERMISSION in PERMISSIONS).toBe(true);
    expect(CONTACT_PERMISSION in PERMISSIONS).toBe(true);
    const keys = [false, true].flatMap((fullIp) => [false, true].map((contact) => maskKey({ fullIp, contact })));
    expect(new Set(keys).size).toBe(4);
  });
});
