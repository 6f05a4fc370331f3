import { describe, expect, test } from "bun:test";
import { decodeValue, parseReferrer, percentBytes } from "./referrer.ts";

// 迎客 in UTF-8 and in GBK; 在线客服 in UTF-8 and in GBK.
const YINGKE_UTF8 = "%E8%BF%8E%E5%AE%A2";
const YINGKE_GBK = "%D3%AD%BF%CD";
const KEFU_UTF8 = "%E5%9C%A8%E7%BA%BF%E5%AE%A2%E6%9C%8D";
const KEFU_GBK = "%D4%DA%CF%DF%BF%CD%B7%FE";

const SEARCHES: [string, string, string][] = [
  [`https://www.baidu.com/s?ie=utf-8&f=8&rsv_bp=1&tn=baidu&wd=${YINGKE_UTF8}&oq=&rsv_pq=e2f0&rsv_t=3a4b`, "百度 Baidu", "迎客"],
  [`http://www.baidu.com/s?wd=${YINGKE_GBK}&ie=gbk&tn=98012088_5_dg`, "百度 Baidu", "迎客"],
  [`http://www.baidu.com/s?ie=gb2312&bs=&sr=&z=&cl=3&f=8&wd=${KEFU_GBK}+%C8%ED%BC%FE&ct=0`, "百度 Baidu", "在线客服 软件"],
  [`http://www.baidu.com/baidu?tn=monline_dg&word=${YINGKE_GBK}`, "百度 Baidu", "迎客"], // no ie=: GBK guessed
  [`https://m.baidu.com/s?from=1000539d&word=${KEFU_UTF8}&sa=ikb&ts=1234`, "百度 Baidu", "在线客服"],
  [`https://m.baidu.com/from=844b/s?word=%E5%AE%A2%E6%9C%8D%E7%B3%BB%E7%BB%9F&ms=1`, "百度 Baidu", "客服系统"],
  ["https://www.baidu.com/link?url=Zx4oI8dJ0cBq&wd=&eqid=f1c2a3b400012345000000066543", "百度 Baidu", ""],
  [`https://www.sogou.com/web?query=${YINGKE_UTF8}&_asf=www.sogou.com&_ast=&w=01019900&p=40040100&ie=utf8`, "搜狗 Sogou", "迎客"],
  [`https://www.sogou.com/web?query=${YINGKE_GBK}&ie=gbk`, "搜狗 Sogou", "迎客"],
  [`https://m.sogou.com/web/searchList.jsp?keyword=${KEFU_UTF8}&pid=sogou-waps-7880d7226e872b77`, "搜狗 Sogou", "在线客服"],
  [`https://www.so.com/s?ie=utf-8&fr=none&src=360sou_newhome&q=${YINGKE_UTF8}`, "360搜索", "迎客"],
  [`https://m.so.com/s?q=${KEFU_UTF8}&src=home&srcg=cs_xiaomi_3`, "360搜索", "在线客服"],
  [`https://m.sm.cn/s?q=${YINGKE_UTF8}&from=smor&safe=1&by=submit`, "神马 Shenma", "迎客"],
  [`https://yz.m.sm.cn/s?q=${KEFU_UTF8}&from=wm845578`, "神马 Shenma", "在线客服"],
  [`https://cn.bing.com/search?q=${YINGKE_UTF8}+%E5%AE%A2%E6%9C%8D&form=QBLH&sp=-1&pq=&sc=0-0`, "必应 Bing", "迎客 客服"],
  ["https://www.bing.com/search?q=live+chat+software&qs=n&form=QBRE", "必应 Bing", "live chat software"],
  ["https://www.google.com/search?q=live+chat+self+hosted&oq=live+chat&sourceid=chrome&ie=UTF-8", "Google", "live chat self hosted"],
  [`https://www.google.com.hk/search?q=${YINGKE_UTF8}&hl=zh-CN`, "Google", "迎客"],
  ["https://www.google.com/", "Google", ""],
  ["https://search.yahoo.com/search?p=customer+service+chat&fr=yfp-t", "Yahoo", "customer service chat"],
  ["https://tw.search.yahoo.com/search?p=%E5%AE%A2%E6%9C%8D&fr=yfp", "Yahoo", "客服"],
  ["https://yandex.ru/search/?text=%D0%BE%D0%BD%D0%BB%D0%B0%D0%B9%D0%BD+%D1%87%D0%B0%D1%82&lr=213", "Yandex", "онлайн чат"],
  ["https://duckduckgo.com/?q=open+source+live+chat&t=h_&ia=web", "DuckDuckGo", "open source live chat"],
  [`https://so.toutiao.com/search?keyword=${KEFU_UTF8}&pd=synthesis&source=input`, "头条搜索 Toutiao", "在线客服"],
];

describe("parseReferrer: search engines", () => {
  test.each(SEARCHES)("%s", (url, engine, keyword) => {
    expect(parseReferrer(url)).toEqual({ engine, keyword });
  });
});

describe("parseReferrer: not a search", () => {
  test.each([
    ["https://www.example.com/products/chat?id=3"],
    ["https://zhidao.baidu.com/question/123.html"], // a Baidu property, but not the search engine
    ["https://mail.google.com/mail/u/0/"],
    ["https://www.baidu.com.evil.example/s?wd=x"], // look-alike host
    ["android-app://com.example.app/"],
    ["javascript:alert(1)"],
    ["not a url at all"],
    ["http://"],
    [""],
  ])("%s → null", (url) => {
    expect(parseReferrer(url)).toBeNull();
  });

  test("internal referrers (same host as the page) are not searches", () => {
    expect(parseReferrer("https://shop.example.cn/list?q=shoes", "shop.example.cn")).toBeNull();
    expect(parseReferrer("https://www.google.com/search?q=x", "www.google.com")).toBeNull(); // a page on Google itself
    expect(parseReferrer("https://WWW.Example.cn/", "example.cn")).toBeNull();
    expect(parseReferrer("http://example.cn:8080/a", "example.cn:8080")).toBeNull();
    expect(parseReferrer("https://www.google.com/search?q=x", "https://example.cn/page")).toEqual({ engine: "Google", keyword: "x" });
  });

  test("non-string input is null, not an exception", () => {
    expect(parseReferrer(undefined as unknown as string)).toBeNull();
    expect(parseReferrer(42 as unknown as string)).toBeNull();
  });
});

describe("parseReferrer: malformed encoding", () => {
  test("broken percent-escapes are kept literally, never thrown", () => {
    expect(parseReferrer("https://www.baidu.com/s?wd=100%25+%ZZ+ok%")).toEqual({ engine: "百度 Baidu", keyword: "100% %ZZ ok%" });
    // A lone lead byte is neither UTF-8 nor GBK: dropped (U+FFFD tells an agent nothing).
    expect(parseReferrer("https://www.google.com/search?q=%E8")).toEqual({ engine: "Google", keyword: "" });
  });

  test("control characters and runs of spaces are tidied; long keywords are capped", () => {
    expect(parseReferrer("https://www.bing.com/search?q=a%00%0Ab%09%09c")?.keyword).toBe("a b c");
    expect(parseReferrer(`https://www.bing.com/search?q=${"x".repeat(500)}`)?.keyword.length).toBe(100);
  });

  test("first keyword parameter wins; later empty ones do not erase it", () => {
    expect(parseReferrer(`https://www.baidu.com/s?wd=${YINGKE_UTF8}&word=`)?.keyword).toBe("迎客");
    expect(parseReferrer(`https://www.baidu.com/s?wd=&word=${YINGKE_UTF8}`)?.keyword).toBe("迎客");
  });
});

describe("decodeValue", () => {
  test("GBK percent-decoding (TextDecoder gb18030 is available in Bun)", () => {
    expect(decodeValue(YINGKE_GBK, "gbk")).toBe("迎客");
    expect(decodeValue(YINGKE_GBK, "GB2312")).toBe("迎客");
    expect(decodeValue(KEFU_GBK, "")).toBe("在线客服"); // undeclared and not UTF-8 → GBK
  });

  test("UTF-8 stays UTF-8 even when GBK is not declared", () => {
    expect(decodeValue(YINGKE_UTF8, "")).toBe("迎客");
    expect(decodeValue(YINGKE_UTF8, "utf-8")).toBe("迎客");
  });

  test("an unknown declared charset falls back to UTF-8", () => {
    expect(decodeValue(YINGKE_UTF8, "no-such-charset")).toBe("迎客");
  });

  test("percentBytes keeps raw non-ASCII characters as UTF-8", () => {
    expect(new TextDecoder().decode(percentBytes("迎+客%21"))).toBe("迎 客!");
    expect(new TextDecoder().decode(percentBytes("😀"))).toBe("😀");
  });
});
