/**
 * User-Agent → browser, OS and device type for the visitor list.
 *
 * Our own compact table instead of a library: ua-parser-js 2.x is AGPL, and 1.x and bowser
 * both miss or misname the browsers our visitors actually use (Quark, Baidu App, HarmonyOS
 * NEXT, UOS/Kylin desktops). What an agent needs is one short readable label, not a full
 * device model database, so a first-match table is enough and easy to extend.
 *
 * Order matters everywhere: Chinese shells and in-app browsers embed "Chrome/…" and
 * "Safari/…" tokens, so the specific rules come before the engines they are built on.
 */
export type DeviceType = "desktop" | "mobile" | "tablet" | "bot" | "unknown";

export interface UserAgentInfo {
  browser: string;
  os: string;
  device: DeviceType;
}

/** A rule: the regex's first group, when present, is the version. */
interface Rule {
  re: RegExp;
  name: string;
  /** Keep "major.minor" (WeChat 8.0 vs 8.1 matters to support staff); default major only. */
  minor?: boolean;
}

// Crawlers and scripted clients: named ones first so the label says which.
const BOTS: Rule[] = [
  { re: /Baiduspider/i, name: "Baiduspider" },
  { re: /Googlebot/i, name: "Googlebot" },
  { re: /bingbot|BingPreview/i, name: "Bingbot" },
  { re: /Sogou (?:web|inst|Pic|Orion) spider/i, name: "Sogou Spider" },
  { re: /360Spider|HaosouSpider/i, name: "360Spider" },
  { re: /YisouSpider/i, name: "YisouSpider" },
  { re: /Bytespider/i, name: "Bytespider" },
  { re: /PetalBot/i, name: "PetalBot" },
  { re: /YandexBot/i, name: "YandexBot" },
  { re: /HeadlessChrome\/(\d+)/, name: "Headless Chrome" },
  // "(?<!cu)": Cubot is a phone brand, not a crawler.
  { re: /(?<!cu)bot\b|crawl|spider|slurp|facebookexternalhit|^(?:curl|wget|python-requests|python-urllib|go-http-client|okhttp|java|apache-httpclient|node-fetch|axios|libwww-perl|postmanruntime)[/ ]/i, name: "Bot" },
];

const BROWSERS: Rule[] = [
  // In-app browsers of Chinese super-apps: what the visitor sees is the app, not Chrome.
  { re: /wxwork\/([\d.]+)/i, name: "WeCom", minor: true },
  { re: /MicroMessenger\/([\d.]+)/i, name: "WeChat", minor: true },
  { re: /DingTalk\/([\d.]+)/i, name: "DingTalk" },
  { re: /\bAliApp\(AP\/([\d.]+)|AlipayClient\/([\d.]+)/i, name: "Alipay" },
  { re: /\bQQ\/([\d.]+)/, name: "QQ" },
  { re: /baiduboxapp\/([\d.]+)/i, name: "Baidu App" },
  { re: /Quark\/([\d.]+)/i, name: "Quark" },
  { re: /(?:MQQBrowser|QQBrowser)\/([\d.]+)/i, name: "QQ Browser" },
  { re: /(?:UCBrowser|UBrowser|UCWEB)\/?([\d.]+)?/i, name: "UC Browser" },
  { re: /\b360EE\b/i, name: "360 Extreme Browser" },
  { re: /\b360SE\b|QIHU 360|\b360 Aphone/i, name: "360 Secure Browser" },
  { re: /SogouMobileBrowser\/([\d.]+)/i, name: "Sogou Mobile" },
  { re: /MetaSr|\bSE 2\.X\b/i, name: "Sogou Explorer" },
  { re: /HuaweiBrowser\/([\d.]+)/i, name: "Huawei Browser" },
  { re: /MiuiBrowser\/([\d.]+)/i, name: "MIUI Browser" },
  { re: /VivoBrowser\/([\d.]+)/i, name: "vivo Browser" },
  { re: /HeyTapBrowser\/([\d.]+)/i, name: "OPPO Browser" },
  { re: /SamsungBrowser\/([\d.]+)/i, name: "Samsung Internet" },
  { re: /2345Explorer\/([\d.]+)/i, name: "2345 Explorer" },
  { re: /LBBROWSER/i, name: "Liebao" },
  { re: /Maxthon\/([\d.]+)/i, name: "Maxthon" },
  { re: /BIDUBrowser|baidubrowser\/([\d.]+)/i, name: "Baidu Browser" },
  { re: /YaBrowser\/([\d.]+)/i, name: "Yandex Browser" },
  // Chromium-based browsers that identify themselves, then the engines.
  { re: /\bEdg(?:e|A|iOS)?\/([\d.]+)/, name: "Edge" },
  { re: /\bOPR\/([\d.]+)|Opera[/ ]([\d.]+)?/, name: "Opera" },
  { re: /Vivaldi\/([\d.]+)/, name: "Vivaldi" },
  { re: /(?:Firefox|FxiOS)\/([\d.]+)/, name: "Firefox" },
  { re: /; wv\).*Chrome\/([\d.]+)/, name: "Android WebView" },
  { re: /CriOS\/([\d.]+)/, name: "Chrome" },
  { re: /Chromium\/([\d.]+)/, name: "Chromium" },
  { re: /Chrome\/([\d.]+)/, name: "Chrome" },
  { re: /MSIE ([\d.]+)/, name: "IE" },
  { re: /Trident\/.*rv:([\d.]+)/, name: "IE" },
  { re: /Version\/([\d.]+).*Safari\//, name: "Safari" },
  { re: /(?:iPhone|iPad|iPod).*AppleWebKit(?!.*Safari)/, name: "iOS WebView" },
  { re: /Android.*Version\/[\d.]+.*Safari\//, name: "Android Browser" },
];

const WINDOWS: Record<string, string> = {
  "10.0": "10/11", // Windows 11 still says NT 10.0; only client hints tell them apart
  "6.3": "8.1", "6.2": "8", "6.1": "7", "6.0": "Vista", "5.2": "XP", "5.1": "XP",
};

function firstMatch(ua: string, rules: Rule[]): string | null {
  for (const rule of rules) {
    const m = rule.re.exec(ua);
    if (!m) continue;
    const version = m.slice(1).find((g) => g !== undefined);
    return withVersion(rule.name, version, rule.minor);
  }
  return null;
}

function withVersion(name: string, version: string | undefined, minor = false): string {
  if (!version || !/^\d/.test(version)) return name;
  const parts = version.split(/[._]/).filter((p) => p !== "");
  if (parts.length === 0) return name;
  return `${name} ${minor && parts.length > 1 ? `${parts[0]}.${parts[1]}` : parts[0]}`;
}

function parseOs(ua: string): string {
  let m: RegExpExecArray | null;
  // HarmonyOS NEXT drops "Android" and says "OpenHarmony 5.0"; HarmonyOS 2–4 still carry
  // "Android" and add "HarmonyOS", sometimes with a version.
  if ((m = /OpenHarmony ([\d.]+)/.exec(ua))) return withVersion("HarmonyOS", m[1]);
  if ((m = /HarmonyOS[ /]?([\d.]+)?/i.exec(ua))) return withVersion("HarmonyOS", m[1]);
  if ((m = /Windows Phone(?: OS)? ([\d.]+)/.exec(ua))) return withVersion("Windows Phone", m[1]);
  if ((m = /Windows NT ([\d.]+)/.exec(ua))) return `Windows ${WINDOWS[m[1]] ?? m[1]}`;
  if (/Windows/.test(ua)) return "Windows";
  if ((m = /(?:iPhone OS|CPU OS|iPad; CPU OS) ([\d_]+)/.exec(ua))) return withVersion("iOS", m[1]);
  if (/iPhone|iPad|iPod/.test(ua)) return "iOS";
  // Safari and Firefox freeze macOS at 10.15 for privacy, so "macOS 10.15" often means newer.
  if ((m = /Mac OS X ([\d_.]+)/.exec(ua))) return macOs(m[1]);
  if (/Macintosh/.test(ua)) return "macOS";
  if ((m = /Android[ /]?([\d.]+)?/.exec(ua))) return withVersion("Android", m[1]);
  if (/CrOS/.test(ua)) return "Chrome OS";
  // Chinese domestic desktops (信创): say which, they matter for government sites.
  if (/\bUOS\b|UnionTech|Deepin/i.test(ua)) return "UOS (Linux)";
  if (/Kylin/i.test(ua)) return "Kylin (Linux)";
  if (/Linux|X11|Ubuntu|Fedora/.test(ua)) return "Linux";
  return "";
}

function macOs(v: string): string {
  const [major, minor] = v.split(/[._]/);
  return major === "10" && minor ? `macOS 10.${minor}` : `macOS ${major}`;
}

function parseDevice(ua: string, os: string): DeviceType {
  // HarmonyOS NEXT states the form factor first: "(Phone; OpenHarmony 5.0)".
  const form = /^Mozilla\/5\.0 \((Phone|Tablet|PC|2in1)[;)]/.exec(ua);
  if (form) return form[1] === "Phone" ? "mobile" : form[1] === "Tablet" ? "tablet" : "desktop";
  // "Tablet PC 2.0" is a touch-capable Windows desktop in old IE strings, not a tablet.
  if (/iPad|Tablet(?! PC)|PlayBook|Kindle|Silk\/|MatePad/i.test(ua)) return "tablet";
  if (/Mobile|iPhone|iPod|Windows Phone|Opera Mini|IEMobile/i.test(ua)) return "mobile";
  // Android without "Mobile" is, by Google's own convention, a tablet.
  if (os.startsWith("Android") || os.startsWith("HarmonyOS")) return "tablet";
  if (/^(Windows|macOS|Linux|Chrome OS|UOS|Kylin)/.test(os)) return "desktop";
  return "unknown";
}

/** Parses a User-Agent header; never throws, and an empty or odd string yields blanks. */
export function parseUserAgent(ua: string): UserAgentInfo {
  const s = typeof ua === "string" ? ua.trim().slice(0, 1024) : ""; // headers can be huge
  if (!s) return { browser: "", os: "", device: "unknown" };
  const os = parseOs(s);
  const bot = firstMatch(s, BOTS);
  if (bot) return { browser: bot, os, device: "bot" };
  return { browser: firstMatch(s, BROWSERS) ?? "", os, device: parseDevice(s, os) };
}
