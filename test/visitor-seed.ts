import type { Services } from "../src/services.ts";
import type { VisitorRow } from "../src/visitors/service.ts";

/**
 * Online visitors made through the real services (identify + recordPage, the same calls the
 * visitor channel makes), for the visitor list's tests and benchmark. Varied on purpose: Chinese
 * and English titles and keywords, several browsers, public addresses with regions.
 */
const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
];
const WORDS = ["贷款利率", "信用卡申请", "社保查询", "公积金提取", "opening hours", "理财产品", "营业网点", "account login"];
const PAGES = ["首页 Home", "个人业务", "信用卡", "在线办事指南", "Contact us", "理财产品一览", "常见问题 FAQ", "网点查询"];

export const seedIp = (i: number) => `${[114, 116, 220, 61, 183, 112][i % 6]}.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 250 + 1}`;

export async function seedVisitor(s: Services, siteId: number, i: number, o: { title?: string; url?: string; keyword?: string } = {}): Promise<VisitorRow> {
  const { visitor } = s.visitors.identify(siteId, null);
  const word = o.keyword ?? WORDS[i % WORDS.length];
  await s.visitors.recordPage(
    visitor,
    {
      url: o.url ?? `https://bank.example.test/p/${i}`,
      title: o.title ?? `${PAGES[i % PAGES.length]} ${i}`,
      referrer: i % 3 === 0 ? "" : `https://www.baidu.com/s?wd=${encodeURIComponent(word)}&ie=utf-8`,
      language: i % 4 === 3 ? "en-US" : "zh-CN",
      screen: "1920x1080",
      timezone: "Asia/Shanghai",
    },
    { ip: seedIp(i), userAgent: UAS[i % UAS.length] },
  );
  return s.visitors.get(visitor.id)!;
}

/** `count` visitors on a site; pages recorded in parallel so the writer batches them. */
export async function seedVisitors(s: Services, siteId: number, count: number, from = 0): Promise<VisitorRow[]> {
  const out: VisitorRow[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = await Promise.all(Array.from({ length: Math.min(500, count - start) }, (_, k) => seedVisitor(s, siteId, from + start + k)));
    out.push(...batch);
  }
  return out;
}

/** Another page for an online visitor (a `visitor` frame follows). */
export function movePage(s: Services, v: VisitorRow, i: number, title = `页面 Page ${i}`) {
  return s.visitors.recordPage(v, { url: `https://bank.example.test/next/${i}`, title }, { ip: seedIp(v.id), userAgent: UAS[0] });
}
