import { describe, expect, it } from "bun:test";
import { missingKeys, t } from "../../lib/i18n.ts";
import { applyAgentFrame, duration, interleave, mergeWhispers, type BoardAgent, type Whisper } from "./model.ts";
import "./strings.ts";

const w = (id: number, afterSeq: number): Whisper => ({ id, conversationId: 1, afterSeq, cid: `w${id}`, senderId: 9, senderName: "sue", body: `w${id}`, at: 0 });
const agent = (id: number, status = "online") => ({ id, username: `a${id}`, displayName: `A${id}`, departmentId: null, status, effective: status, connected: true, maxChats: 8, chats: [] }) as BoardAgent;

describe("supervision model", () => {
  it("places each whisper after the message it followed, in id order, once", () => {
    const msgs = [1, 2, 3].map((seq) => ({ seq }));
    const ws = mergeWhispers([w(2, 2)], [w(1, 0), w(3, 2), w(2, 2), w(4, 3)]);
    expect(ws.map((x) => x.id)).toEqual([1, 2, 3, 4]);
    expect(interleave(msgs, ws).map((i) => (i.kind === "message" ? `m${i.m.seq}` : `w${i.w.id}`))).toEqual(["w1", "m1", "m2", "w2", "w3", "m3", "w4"]);
  });
  it("replaces, adds and removes board rows from frames", () => {
    const rows = [agent(1), agent(2)];
    expect(applyAgentFrame(rows, { agentId: 2, agent: agent(2, "busy") }).map((r) => r.status)).toEqual(["online", "busy"]);
    expect(applyAgentFrame(rows, { agentId: 3, agent: agent(3) }).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(applyAgentFrame(rows, { agentId: 1, agent: null }).map((r) => r.id)).toEqual([2]);
  });
  it("shows durations in seconds, then minutes", () => {
    expect(duration(42_000)).toEqual({ key: "sup.seconds", n: 42 });
    expect(duration(185_000)).toEqual({ key: "sup.minutes", n: 3 });
  });
  it("has every string in Chinese and English", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("sup."))).toEqual([]);
    expect(t("sup.whisper.notice")).toBe("悄悄话 · 访客看不到");
  });
});
