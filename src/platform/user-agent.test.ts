import { describe, expect, it } from "bun:test";
import { summariseUserAgent } from "./user-agent.ts";

describe("user agent summary", () => {
  it("reads browser, system and the way of signing in", () => {
    expect(summariseUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36 Edg/120.0.2210.61"))
      .toEqual({ browser: "Edge 120", os: "Windows 10/11", way: "web" });
    expect(summariseUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0")).toEqual({ browser: "Firefox 121", os: "Linux", way: "web" });
    expect(summariseUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"))
      .toEqual({ browser: "Safari 17", os: "iOS 17", way: "mobile" });
    expect(summariseUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) YingkeConsole/1.2.0 Chrome/120.0.0.0 Safari/537.36"))
      .toEqual({ browser: "Yingke Console 1", os: "macOS 10.15.7", way: "packaged" });
    expect(summariseUserAgent("Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) yingke/3.0.0 Chrome/118.0.5993.159 Electron/27.1.3 Safari/537.36"))
      .toEqual({ browser: "Electron 27", os: "Windows 7", way: "packaged" });
    expect(summariseUserAgent("curl/8.5.0")).toEqual({ browser: "其他 Other", os: "其他 Other", way: "other" });
    expect(summariseUserAgent("")).toEqual({ browser: "其他 Other", os: "其他 Other", way: "other" });
  });
});
