import { beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { historyCorpus, type HistoryCorpus } from "./history-corpus.ts";
import { apiAs, JAN1 } from "./history-world.ts";

setDefaultTimeout(60_000);

/**
 * GET /api/history (H1): every filter alone and combined, paging and the row shape, seen by a
 * supervisor (history.all). Who sees what is in history-scope.test.ts; search correctness in
 * history-search.test.ts.
 */
let w: HistoryCorpus;
let get: (path: string) => Promise<{ status: number; body: any }>;
const DAY = 86_400_000;
/** Day n of the corpus as YYYY-MM-DD in the server's time zone. */
const local = (n: number) => {
  const d = new Date(JAN1 + n * DAY);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

beforeAll(async () => {
  w = await historyCorpus();
  get = (await apiAs(w.t, "sue")).get;
});

async function ids(query: string): Promise<number[]> {
  const r = await get(`/api/history?${query}`);
  expect(r.status).toBe(200);
  expect(r.body.total).toBe(r.body.rows.length);
  return r.body.rows.map((x: { id: number }) => x.id);
}

describe("history list", () => {
  it("lists every chat newest first with site, visitor, agent, group, times, counts, evaluation and rating", async () => {
    const r = await get("/api/history");
    expect(r.status).toBe(200);
    expect(r.body.rows.map((x: any) => x.id)).toEqual([w.c6.id, w.c5.id, w.c4.id, w.c3.id, w.c2.id, w.c1.id]);
    expect(r.body).toMatchObject({ total: 6, page: 1, pageSize: 25 });
    const c1 = r.body.rows.find((x: any) => x.id === w.c1.id);
    expect(c1).toMatchObject({
      siteName: "零售网站", visitorName: "张三", visitorId: w.c1.visitorId, agentName: "艾米", agentId: w.amy.id, groupName: "信用卡组", status: "ended",
      messageCount: 4, topicName: "信用卡", verdict: "valuable", rating: 5,
    });
    expect(c1.durationMs).toBe(c1.endedAt - c1.startedAt);
    expect(c1.durationMs).toBeGreaterThan(60_000);
    expect(c1.snippet).toBeUndefined();
    const c5 = r.body.rows.find((x: any) => x.id === w.c5.id);
    expect(c5).toMatchObject({ agentId: null, agentName: "", verdict: "", rating: null, topicId: null, messageCount: 1 });
    expect(r.body.rows.find((x: any) => x.id === w.c4.id).visitorName).toBe("");
  });

  it("filters by the day a chat began (dates in server time, or milliseconds; the end day included)", async () => {
    expect(await ids(`from=${local(2)}&to=${local(4)}`)).toEqual([w.c4.id, w.c3.id, w.c2.id]);
    expect(await ids(`from=${local(5)}`)).toEqual([w.c6.id, w.c5.id]);
    expect(await ids(`to=${local(1)}`)).toEqual([w.c1.id]);
    const start2 = new Date(JAN1 + 2 * DAY).setHours(0, 0, 0, 0);
    expect(await ids(`from=${start2}&to=${start2 + DAY}`)).toEqual([w.c2.id]);
  });

  it("filters by site, agent (owner or participant), group and visitor (name, #id or visitor key)", async () => {
    expect(await ids(`siteId=${w.corporateSite.id}`)).toEqual([w.c6.id, w.c3.id]);
    expect(await ids(`agentId=${w.amy.id}`)).toEqual([w.c4.id, w.c1.id]);
    expect(await ids(`agentId=${w.ben.id}`)).toEqual([w.c6.id, w.c4.id, w.c3.id]);
    expect(await ids(`groupId=${w.cards.id}`)).toEqual([w.c5.id, w.c1.id]);
    expect(await ids(`visitor=${encodeURIComponent("张")}`)).toEqual([w.c1.id]);
    expect(await ids(`visitor=tom`)).toEqual([w.c5.id]);
    expect(await ids(`visitor=${encodeURIComponent(`#${w.c4.visitorId}`)}`)).toEqual([w.c4.id]);
    expect(await ids(`visitor=${w.c2.visitorId}`)).toEqual([w.c2.id]);
    const key = (w.t.db.query("SELECT public_id FROM visitors WHERE id = ?").get(w.c3.visitorId) as { public_id: string }).public_id;
    expect(await ids(`visitor=${key}`)).toEqual([w.c3.id]);
    expect(await ids(`visitor=${encodeURIComponent("%")}`)).toEqual([]);
  });

  it("filters by topic, rating level (or unrated) and verdict (valuable, invalid, none)", async () => {
    expect(await ids(`topicId=${w.topicCard.id}`)).toEqual([w.c1.id]);
    expect(await ids(`topicId=${w.topicComplaint.id}`)).toEqual([w.c2.id]);
    expect(await ids("rating=5")).toEqual([w.c1.id]);
    expect(await ids("rating=4")).toEqual([w.c6.id]);
    expect(await ids("rating=1")).toEqual([]);
    expect(await ids("rating=none")).toEqual([w.c5.id, w.c4.id, w.c3.id]);
    expect(await ids("verdict=valuable")).toEqual([w.c1.id]);
    expect(await ids("verdict=invalid")).toEqual([w.c2.id]);
    expect(await ids("verdict=none")).toEqual([w.c6.id, w.c5.id, w.c4.id, w.c3.id]);
  });

  it("combines every filter with AND, words included", async () => {
    expect(await ids(`siteId=${w.retailSite.id}&verdict=none&q=${encodeURIComponent("款")}`)).toEqual([w.c4.id]);
    expect(await ids(`q=${encodeURIComponent("信用卡")}`)).toEqual([w.c6.id, w.c1.id]);
    expect(await ids(`q=${encodeURIComponent("信用卡")}&siteId=${w.retailSite.id}`)).toEqual([w.c1.id]);
    expect(await ids(`q=${encodeURIComponent("信用卡")}&rating=4&agentId=${w.ben.id}`)).toEqual([w.c6.id]);
    expect(await ids(`q=${encodeURIComponent("信用卡")}&rating=4&agentId=${w.amy.id}`)).toEqual([]);
    expect(await ids(`from=${local(1)}&to=${local(2)}&groupId=${w.cards.id}&topicId=${w.topicCard.id}&verdict=valuable&rating=5&visitor=${encodeURIComponent("张三")}&agentId=${w.amy.id}&siteId=${w.retailSite.id}&q=${encodeURIComponent("年费")}`)).toEqual([w.c1.id]);
  });

  it("shows a snippet of the newest matching message when searching", async () => {
    const r = await get(`/api/history?q=${encodeURIComponent("年费")}`);
    expect(r.body.rows[0].snippet).toBe("您好，信用卡首年免年费。");
    const long = await get(`/api/history?q=refund`);
    expect(long.body.rows[0].snippet).toContain("refund");
  });

  it("pages with a total; the page size is at most 100", async () => {
    const p1 = await get("/api/history?pageSize=2&page=1");
    expect(p1.body.rows.map((x: any) => x.id)).toEqual([w.c6.id, w.c5.id]);
    expect(p1.body.total).toBe(6);
    const p3 = await get("/api/history?pageSize=2&page=3");
    expect(p3.body.rows.map((x: any) => x.id)).toEqual([w.c2.id, w.c1.id]);
    const p4 = await get("/api/history?pageSize=2&page=4");
    expect(p4.body).toMatchObject({ rows: [], total: 6 });
    expect((await get("/api/history?pageSize=100")).status).toBe(200);
    const big = await get("/api/history?pageSize=101");
    expect(big.status).toBe(422);
    expect(big.body.error.field).toBe("pageSize");
  });

  it("refuses a bad filter with a message naming the field", async () => {
    for (const [q, field] of [["verdict=maybe", "verdict"], ["rating=6", "rating"], ["siteId=abc", "siteId"], ["from=2026-02-30", "from"], ["from=2026-01-05&to=2026-01-04", "to"], [`q=${"字".repeat(101)}`, "q"]]) {
      const r = await get(`/api/history?${encodeURI(q)}`);
      expect(r.status).toBe(422);
      expect(r.body.error.field).toBe(field);
    }
  });

  it("offers the sites, agents, groups and topics for the filter form", async () => {
    const r = await get("/api/history/options");
    expect(r.status).toBe(200);
    expect(r.body.sites.map((x: any) => x.name).sort()).toEqual(["对公网站", "零售网站"]);
    expect(r.body.agents.map((x: any) => x.name)).toContain("艾米");
    expect(r.body.groups.map((x: any) => x.name)).toEqual(["信用卡组"]);
    expect(r.body.topics.map((x: any) => x.name)).toEqual(["信用卡", "投诉"]);
  });
});
