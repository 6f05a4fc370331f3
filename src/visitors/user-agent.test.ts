import { describe, expect, test } from "bun:test";
import { parseUserAgent, type UserAgentInfo } from "./user-agent.ts";

// Real User-Agent strings as sent by the browsers, apps and crawlers our visitors use.
const CASES: [string, UserAgentInfo][] = [
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    { browser: "Chrome 124", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
    { browser: "Edge 120", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
    { browser: "Firefox 115", os: "Windows 7", device: "desktop" }],
  ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    { browser: "Safari 17", os: "macOS 10.15", device: "desktop" }],
  ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
    { browser: "Chrome 123", os: "macOS 14", device: "desktop" }],
  ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    { browser: "Safari 17", os: "iOS 17", device: "mobile" }],
  ["Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    { browser: "Safari 16", os: "iOS 16", device: "tablet" }],
  ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN",
    { browser: "WeChat 8.0", os: "iOS 17", device: "mobile" }],
  ["Mozilla/5.0 (Linux; Android 14; 23127PN0CC Build/UKQ1.230804.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    { browser: "WeChat 8.0", os: "Android 14", device: "mobile" }],
  ["Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x6309092b) XWEB/9129 Flue",
    { browser: "WeChat 7.0", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.6 MicroMessenger/7.0.1 Language/zh ColorScheme/Light",
    { browser: "WeCom 4.1", os: "iOS 16", device: "mobile" }],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.71 Safari/537.36 Core/1.94.202.400 QQBrowser/12.0.5443.400",
    { browser: "QQ Browser 12", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (Linux; U; Android 13; zh-cn; PGBM10 Build/TP1A.220905.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/109.0.5414.86 MQQBrowser/14.6 Mobile Safari/537.36 COVC/046701",
    { browser: "QQ Browser 14", os: "Android 13", device: "mobile" }],
  ["Mozilla/5.0 (Linux; Android 12; V2196A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/89.0.4389.72 MQQBrowser/6.2 TBS/046291 Mobile Safari/537.36 V1_AND_SQ_8.9.58_4108_YYB_D QQ/8.9.58.11050 NetType/WIFI WebP/0.3.0 AppId/537175315",
    { browser: "QQ 8", os: "Android 12", device: "mobile" }],
  ["Mozilla/5.0 (Linux; U; Android 10; zh-CN; V1934A Build/QP1A.190711.020) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 UCBrowser/15.5.2.1182 Mobile Safari/537.36",
    { browser: "UC Browser 15", os: "Android 10", device: "mobile" }],
  ["Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/57.0.2987.98 Safari/537.36 LBBROWSER",
    { browser: "Liebao", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/63.0.3239.132 Safari/537.36 QIHU 360SE",
    { browser: "360 Secure Browser", os: "Windows 7", device: "desktop" }],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.5359.95 Safari/537.36 QIHU 360EE",
    { browser: "360 Extreme Browser", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36 SE 2.X MetaSr 1.0",
    { browser: "Sogou Explorer", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (Linux; Android 13; 22081212C Build/TKQ1.220829.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/97.0.4692.98 Mobile Safari/537.36 T7/13.52 SP-engine/2.91.0 baiduboxapp/13.52.0.10 (Baidu; P1 13) NABar/1.0",
    { browser: "Baidu App 13", os: "Android 13", device: "mobile" }],
  ["Mozilla/5.0 (Linux; U; Android 14; zh-CN; PJD110 Build/UKQ1.230924.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 Quark/6.11.2.531 Mobile Safari/537.36",
    { browser: "Quark 6", os: "Android 14", device: "mobile" }],
  ["Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00; HMSCore 6.13.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.5.302 Mobile Safari/537.36",
    { browser: "Huawei Browser 14", os: "HarmonyOS", device: "mobile" }],
  ["Mozilla/5.0 (Phone; OpenHarmony 4.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.1.300",
    { browser: "Huawei Browser 5", os: "HarmonyOS 4", device: "mobile" }],
  ["Mozilla/5.0 (Linux; U; Android 13; zh-cn; 2211133C Build/TKQ1.220905.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/109.0.5414.118 Mobile Safari/537.36 XiaoMi/MiuiBrowser/17.8.220519 swan-mibrowser",
    { browser: "MIUI Browser 17", os: "Android 13", device: "mobile" }],
  ["Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.178 Safari/537.36",
    { browser: "Chrome 121", os: "Android 13", device: "tablet" }],
  ["Mozilla/5.0 (Linux; Android 14; SM-S9180) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    { browser: "Samsung Internet 24", os: "Android 14", device: "mobile" }],
  ["Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko",
    { browser: "IE 11", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0; .NET CLR 2.0.50727)",
    { browser: "IE 8", os: "Windows XP", device: "desktop" }],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
    { browser: "Opera 106", os: "Windows 10/11", device: "desktop" }],
  ["Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    { browser: "Chrome 122", os: "Chrome OS", device: "desktop" }],
  ["Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0",
    { browser: "Firefox 124", os: "Linux", device: "desktop" }],
  ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.5359.125 Safari/537.36 UOS",
    { browser: "Chrome 108", os: "UOS (Linux)", device: "desktop" }],
  ["Mozilla/5.0 (X11; Kylin; Linux aarch64; rv:102.0) Gecko/20100101 Firefox/102.0",
    { browser: "Firefox 102", os: "Kylin (Linux)", device: "desktop" }],
  ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
    { browser: "Chrome 124", os: "iOS 17", device: "mobile" }],
  ["Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.0.0",
    { browser: "Edge 124", os: "Android 10", device: "mobile" }],
  ["Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    { browser: "Baiduspider", os: "", device: "bot" }],
  ["Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    { browser: "Googlebot", os: "Android 6", device: "bot" }],
  ["Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    { browser: "Sogou Spider", os: "", device: "bot" }],
  ["curl/8.5.0", { browser: "Bot", os: "", device: "bot" }],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
    { browser: "Headless Chrome 124", os: "Windows 10/11", device: "bot" }],
];

describe("parseUserAgent", () => {
  test.each(CASES)("%s", (ua, expected) => {
    expect(parseUserAgent(ua)).toEqual(expected);
  });

  test("has at least 25 real strings", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  test("empty, garbage and hostile input never throw", () => {
    expect(parseUserAgent("")).toEqual({ browser: "", os: "", device: "unknown" });
    expect(parseUserAgent("   ")).toEqual({ browser: "", os: "", device: "unknown" });
    expect(parseUserAgent("<script>alert(1)</script>")).toEqual({ browser: "", os: "", device: "unknown" });
    expect(parseUserAgent(undefined as unknown as string).device).toBe("unknown");
    const huge = "Mozilla/5.0 (".repeat(100_000);
    expect(() => parseUserAgent(huge)).not.toThrow();
  });

  test("a Cubot phone is not mistaken for a crawler", () => {
    const ua = "Mozilla/5.0 (Linux; Android 11; KingKong 5 Pro Build/RP1A.200720.011; Cubot) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    expect(parseUserAgent(ua)).toEqual({ browser: "Chrome 120", os: "Android 11", device: "mobile" });
  });
});
