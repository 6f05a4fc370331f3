import { describe, expect, it } from "bun:test";
import { createGeoLookup, knownPlaces } from "./geo.ts";
import { createRegionsService, outsideRegions, parseRegions, regionKey, regionMatches, type RegionSettings } from "./regions.ts";

/**
 * Service regions (M5) on real addresses from the shipped ip2region database: Beijing
 * (36.110.0.1), Guangzhou in Guangdong (183.2.172.42), Shenzhen in Guangdong (120.24.78.68),
 * the United States (8.8.8.8) and the LAN.
 */
const geo = createGeoLookup();
const BEIJING = geo.lookup("36.110.0.1");
const GUANGZHOU = geo.lookup("183.2.172.42");
const SHENZHEN = geo.lookup("120.24.78.68");
const US = geo.lookup("8.8.8.8");
const LAN = geo.lookup("192.168.1.20");
const NOWHERE = geo.lookup("not an ip");

describe("region names", () => {
  it("compare without administrative suffixes", () => {
    expect(regionKey("广东省")).toBe("广东");
    expect(regionKey("北京市")).toBe("北京");
    expect(regionKey("广西壮族自治区")).toBe("广西");
    expect(regionKey("兴安盟")).toBe("兴安");
    expect(regionKey(" LAN ")).toBe("lan");
  });

  it("match a country, a province, a city or all names on one line", () => {
    expect(regionMatches("北京", BEIJING)).toBe(true);
    expect(regionMatches("北京市", BEIJING)).toBe(true);
    expect(regionMatches("中国", BEIJING)).toBe(true);
    expect(regionMatches("广东", GUANGZHOU)).toBe(true);
    expect(regionMatches("广东省 深圳", SHENZHEN)).toBe(true);
    expect(regionMatches("广东 深圳", GUANGZHOU)).toBe(false);
    expect(regionMatches("深圳", SHENZHEN)).toBe(true);
    expect(regionMatches("美国", US)).toBe(true);
    expect(regionMatches("中国", US)).toBe(false);
    expect(regionMatches("内网", LAN)).toBe(true);
    expect(regionMatches("LAN", LAN)).toBe(true);
    expect(regionMatches("中国", NOWHERE)).toBe(false);
  });
});

describe("allow-list and deny-list", () => {
  const allow: RegionSettings = { mode: "allow", regions: ["北京", "广东 深圳"], outside: "leave" };
  const deny: RegionSettings = { mode: "deny", regions: ["广东"], outside: "hide" };

  it("an allow-list serves only the listed regions; an unknown address is outside", () => {
    expect(outsideRegions(allow, BEIJING)).toBe(false);
    expect(outsideRegions(allow, SHENZHEN)).toBe(false);
    expect(outsideRegions(allow, GUANGZHOU)).toBe(true);
    expect(outsideRegions(allow, US)).toBe(true);
    expect(outsideRegions(allow, NOWHERE)).toBe(true);
  });

  it("a deny-list serves everyone but the listed regions; an unknown address is inside", () => {
    expect(outsideRegions(deny, GUANGZHOU)).toBe(true);
    expect(outsideRegions(deny, SHENZHEN)).toBe(true);
    expect(outsideRegions(deny, BEIJING)).toBe(false);
    expect(outsideRegions(deny, NOWHERE)).toBe(false);
  });

  it("off serves everyone", () => {
    expect(outsideRegions({ ...deny, mode: "off" }, GUANGZHOU)).toBe(false);
  });

  it("the service answers per site and address with the site's outside action", () => {
    const bySite: Record<number, RegionSettings> = { 1: allow, 2: deny };
    const regions = createRegionsService({ settings: (id) => bySite[id] ?? { mode: "off", regions: [], outside: "leave" } });
    expect(regions.restriction(1, "36.110.0.1")).toBeNull();
    expect(regions.restriction(1, "8.8.8.8")).toBe("leave");
    expect(regions.restriction(2, "183.2.172.42")).toBe("hide");
    expect(regions.restriction(2, "36.110.0.1")).toBeNull();
    expect(regions.restriction(3, "183.2.172.42")).toBeNull();
  });
});

describe("parsing the administrator's list", () => {
  it("takes lines, commas and 、 as separators, keeps names as written and drops repeats", () => {
    expect(parseRegions("北京\n广东省  深圳市, 上海、美国\n\n北京")).toEqual(["北京", "广东省 深圳市", "上海", "美国"]);
    expect(parseRegions("  ")).toEqual([]);
  });

  it("refuses an unknown name, naming it, on the field", () => {
    let error: any;
    try {
      parseRegions("北京\n广东深圳", "regions");
    } catch (e) {
      error = e;
    }
    expect(error?.status).toBe(422);
    expect(error?.field).toBe("regions");
    expect(error?.message).toContain("广东深圳");
    expect(() => parseRegions("Atlantis")).toThrow(/Atlantis/);
  });

  it("refuses more than 200 regions", () => {
    const cities = [...knownPlaces().cities];
    expect(parseRegions(cities.slice(0, 200).join("\n"))).toHaveLength(200);
    expect(() => parseRegions(cities.slice(0, 201).join("\n"))).toThrow(/200/);
  });

});
