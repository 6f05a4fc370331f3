/** What the widget reports about a page view (the `page` frame). */
export interface PageInfo {
  url: string;
  title: string;
  referrer: string;
  language: string;
  screen: string;
  timezone: string;
}

export interface VisitorNetwork {
  ip: string;
  userAgent: string;
}

/** Everything derived offline from address, user agent and referrer for one visit. */
export interface VisitDescription {
  country: string;
  province: string;
  city: string;
  isp: string;
  browser: string;
  os: string;
  device: string;
  searchEngine: string;
  searchKeyword: string;
}

export type DescribeVisit = (net: VisitorNetwork, referrer: string, pageUrl: string) => VisitDescription;

export const clip = (value: unknown, max: number) => (typeof value === "string" ? value.slice(0, max) : "");
