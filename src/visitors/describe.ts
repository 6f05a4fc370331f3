import { createGeoLookup, type GeoLookup } from "./geo.ts";
import { parseReferrer } from "./referrer.ts";
import { parseUserAgent } from "./user-agent.ts";
import type { DescribeVisit } from "./model.ts";

// The region database is loaded once per process, on first use: it is large and read-only.
let geo: GeoLookup | null = null;

/** Region, browser, OS, device and search keyword of a visit, all worked out offline. */
export const describeVisit: DescribeVisit = (net, referrer, pageUrl) => {
  geo ??= createGeoLookup();
  const place = geo.lookup(net.ip);
  const agent = parseUserAgent(net.userAgent);
  let host: string | undefined;
  try {
    host = new URL(pageUrl).host;
  } catch {
    host = undefined;
  }
  const search = referrer ? parseReferrer(referrer, host) : null;
  return {
    country: place.country, province: place.province, city: place.city, isp: place.isp,
    browser: agent.browser, os: agent.os, device: agent.device,
    searchEngine: search?.engine ?? "", searchKeyword: search?.keyword ?? "",
  };
};
