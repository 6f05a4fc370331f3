import { beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { historyCorpus, type HistoryCorpus } from "./history-corpus.ts";
import { apiAs, sys } from "./history-world.ts";

setDefaultTimeout(60_000);

/**
 * Who sees which chat in history (H1; src/history/scope.ts): own (served or took part),
 * department (a department admin), all (a supervisor); the same reach for the list, the detail
 * (404 outside it), notes and the chat's file downloads; no history permission at all is 403.
 */
let w: HistoryCorpus;
type Api = Awaited<ReturnType<typeof apiAs>>;
const as: Record<string, Api> = {};

beforeAll(async () => {
  w = await historyCorpus();
  // A role with history.department but no department reaches only the agent's own chats.
  w.s.roles.create({ id: "dept_reader", name: "部门记录", permissions: ["history.department"] }, sys, null);
  const dora = await w.agent("dora", "dept_reader", null, "朵拉");
  w.t.db.run("INSERT INTO conversation_participants (conversation_id, agent_id, role, joined_at) VALUES (?, ?, 'guest', ?)", [w.c2.id, dora.id, w.t.clock.now()]);
  for (const name of ["amy", "cal", "ben", "sue", "rita", "ned", "dora"]) as[name] = await apiAs(w.t, name);
});

const listed = async (who: string) => {
  const r = await as[who].get("/api/history");
  expect(r.status).toBe(200);
  return r.body.rows.map((x: { id: number }) => x.id);
};
const fileUrl = () => `/files/${w.c1.file!.id}`;

describe("history scope", () => {
  it("own: the chats an agent served or took part in", async () => {
    expect(await listed("amy")).toEqual([w.c4.id, w.c1.id]);
    expect(await listed("cal")).toEqual([w.c2.id]);
    // Ben served c3 and c6 and was a guest in retail's c4 (he has left it since).
    expect(await listed("ben")).toEqual([w.c6.id, w.c4.id, w.c3.id]);
    expect(await listed("dora")).toEqual([w.c2.id]);
  });

  it("department: a department admin sees the department's chats, by agent, else group, else site", async () => {
    expect(await listed("rita")).toEqual([w.c5.id, w.c4.id, w.c2.id, w.c1.id]);
  });

  it("all: a supervisor sees every chat", async () => {
    expect(await listed("sue")).toEqual([w.c6.id, w.c5.id, w.c4.id, w.c3.id, w.c2.id, w.c1.id]);
  });

  it("scope and filters combine: a search never reaches past the scope", async () => {
    const q = encodeURIComponent("信用卡");
    expect((await as.ben.get(`/api/history?q=${q}`)).body.rows.map((x: any) => x.id)).toEqual([w.c6.id]);
    expect((await as.rita.get(`/api/history?q=${q}`)).body.rows.map((x: any) => x.id)).toEqual([w.c1.id]);
    expect((await as.amy.get(`/api/history?q=${q}`)).body).toMatchObject({ total: 1 });
    expect((await as.cal.get(`/api/history?q=${q}`)).body).toMatchObject({ rows: [], total: 0 });
  });

  it("the detail of a chat outside the scope is not found; inside it opens", async () => {
    const status = async (who: string, id: number) => (await as[who].get(`/api/history/${id}`)).status;
    expect(await status("amy", w.c1.id)).toBe(200);
    expect(await status("amy", w.c2.id)).toBe(404);
    expect(await status("ben", w.c4.id)).toBe(200);
    expect(await status("ben", w.c1.id)).toBe(404);
    expect(await status("rita", w.c5.id)).toBe(200);
    expect(await status("rita", w.c3.id)).toBe(404);
    expect(await status("rita", w.c6.id)).toBe(404);
    expect(await status("sue", w.c6.id)).toBe(200);
    expect(await status("dora", w.c1.id)).toBe(404);
    expect(await status("sue", 999_999)).toBe(404);
  });

  it("without any history permission: 403 for the list, the options and the detail", async () => {
    expect((await as.ned.get("/api/history")).status).toBe(403);
    expect((await as.ned.get("/api/history/options")).status).toBe(403);
    expect((await as.ned.get(`/api/history/${w.c1.id}`)).status).toBe(403);
    expect((await as.ned.call("POST", `/api/history/${w.c1.id}/notes`, { body: "x" })).status).toBe(403);
  });

  it("file downloads and thumbnails follow the history scope", async () => {
    const download = async (who: string, path: string) => (await as[who].b.request("GET", path, { headers: { accept: "*/*" } })).status;
    for (const path of [fileUrl(), `${fileUrl()}/thumb`]) {
      expect(await download("amy", path)).toBe(200);
      expect(await download("rita", path)).toBe(200);
      expect(await download("sue", path)).toBe(200);
      expect(await download("cal", path)).toBe(404);
      expect(await download("ben", path)).toBe(404);
      expect(await download("ned", path)).toBe(404);
    }
    const res = await as.rita.b.request("GET", fileUrl(), { headers: { accept: "*/*" } });
    expect(new Uint8Array(await res.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode("PNG"));
  });

  it("notes: whoever sees the chat may add one; outside the scope it is not found", async () => {
    expect((await as.ben.call("POST", `/api/history/${w.c4.id}/notes`, { body: "我作为协助客服参与过" })).status).toBe(200);
    expect((await as.ben.call("POST", `/api/history/${w.c1.id}/notes`, { body: "越权" })).status).toBe(404);
    expect((await as.rita.call("POST", `/api/history/${w.c3.id}/notes`, { body: "越权" })).status).toBe(404);
    const notes = (await as.amy.get(`/api/history/${w.c4.id}`)).body.notes;
    expect(notes.map((n: any) => [n.authorName, n.body])).toEqual([["本", "我作为协助客服参与过"]]);
  });
});
