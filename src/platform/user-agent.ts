/**
 * A short reading of a User-Agent header for the login log (M3: "when, where from, how"):
 * browser, operating system and the way the agent signed in. The seed manual's product knows
 * three ways (客服端 the installed client, 网页端 the web console, 手机端 phones); Yingke's
 * packaged console is a browser shell that adds "YingkeConsole/<version>" (or runs in Electron),
 * so the way is read from the header rather than stored. Unknown text stays "other", never a guess.
 */
export type LoginWay = "packaged" | "web" | "mobile" | "other";

export interface UaSummary {
  browser: string;
  os: string;
  way: LoginWay;
}

const BROWSERS: [RegExp, string][] = [
  [/YingkeConsole\/([\d.]+)/, "Yingke Console"],
  [/MicroMessenger\/([\d.]+)/, "WeChat"],
  [/Edg(?:e|A|iOS)?\/([\d.]+)/, "Edge"],
  [/OPR\/([\d.]+)/, "Opera"],
  [/QQBrowser\/([\d.]+)/, "QQ Browser"],
  [/Firefox\/([\d.]+)/, "Firefox"],
  [/(?:Chrome|CriOS)\/([\d.]+)/, "Chrome"],
  [/Version\/([\d.]+).*Safari\//, "Safari"],
  [/(?:MSIE |Trident\/.*rv:)([\d.]+)/, "Internet Explorer"],
];

const SYSTEMS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/HarmonyOS/, () => "HarmonyOS"],
  [/Android ([\d.]+)/, (m) => `Android ${m[1]}`],
  [/(?:iPhone|iPad|iPod).*? OS (\d+)[_\d]*/, (m) => `iOS ${m[1]}`],
  [/Windows NT 10\.0/, () => "Windows 10/11"],
  [/Windows NT 6\.1/, () => "Windows 7"],
  [/Windows NT ([\d.]+)/, (m) => `Windows NT ${m[1]}`],
  [/Mac OS X ([\d_.]+)/, (m) => `macOS ${m[1].replaceAll("_", ".")}`],
  [/CrOS/, () => "ChromeOS"],
  [/Linux/, () => "Linux"],
];

const major = (v: string) => v.split(".")[0];

export function summariseUserAgent(ua: string): UaSummary {
  let browser = "";
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = `${name} ${major(m[1])}`;
      break;
    }
  }
  let os = "";
  for (const [re, name] of SYSTEMS) {
    const m = re.exec(ua);
    if (m) {
      os = name(m);
      break;
    }
  }
  const way: LoginWay = /YingkeConsole\/|Electron\//.test(ua) ? "packaged"
    : !browser || !/^Mozilla\//.test(ua) ? "other"
    : /Mobile|Android|iPhone|iPad|HarmonyOS/.test(ua) ? "mobile"
    : "web";
  if (/Electron\//.test(ua) && !/YingkeConsole\//.test(ua)) browser = `Electron ${major(/Electron\/([\d.]+)/.exec(ua)![1])}`;
  return { browser: browser || "其他 Other", os: os || "其他 Other", way };
}

export const WAY_LABELS: Record<LoginWay, string> = {
  packaged: "客服端 Packaged console",
  web: "网页端 Web console",
  mobile: "手机端 Mobile web",
  other: "其他 Other",
};
