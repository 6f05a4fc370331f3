import type { ExportSource } from "../exports/source.ts";
import type { HistoryRow } from "./model.ts";

/**
 * Chat history exports (H1, X4): the list of chats and their transcripts, with the same filter
 * and scope as the history list. Rows are produced lazily from keyset batches (one batch of
 * chats, then one chat's messages, at a time), so an export of any size stays in bounded memory.
 * Contact columns are masked for the exporting agent (X8); cells are plain text (the writers
 * neutralise formulas).
 */
const TIME = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/** `YYYY-MM-DD HH:mm:ss` in the server's time zone, as the admin pages and log exports show it. */
export function exportTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "";
  const p = Object.fromEntries(TIME.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

const duration = (ms: number | null) => {
  if (ms === null) return "";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600) ? `${Math.floor(s / 3600)}:` : ""}${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};
const STATUS: Record<HistoryRow["status"], string> = { waiting: "等待 waiting", active: "进行中 active", ended: "已结束 ended" };
const VERDICT: Record<string, string> = { valuable: "有效 valuable", invalid: "无效 invalid", "": "" };
const SENDER: Record<string, string> = { visitor: "访客 visitor", agent: "客服 agent", system: "系统 system" };
const visitorLabel = (r: { visitorId: number; visitorName: string }) => r.visitorName || `访客 #${r.visitorId}`;

export const historyExport: ExportSource = {
  key: "history",
  zh: "对话记录",
  en: "Chat history",
  requires: [],
  open(s, p, filter) {
    const { total, chats } = s.history.open(p, filter);
    function* rows(): Generator<string[]> {
      for (const r of chats()) {
        const c = s.history.contacts(p, r.id);
        yield [
          String(r.id), r.siteName, visitorLabel(r), String(r.visitorId), c.phone, c.email, c.ip, r.agentName, r.groupName, STATUS[r.status],
          exportTime(r.startedAt), exportTime(r.endedAt), duration(r.durationMs), String(r.messageCount), r.topicName, VERDICT[r.verdict] ?? r.verdict,
          r.rating === null ? "" : String(r.rating),
        ];
      }
    }
    return {
      header: ["对话编号 Chat", "网站 Site", "访客 Visitor", "访客编号 Visitor ID", "电话 Phone", "邮箱 Email", "IP", "客服 Agent", "分组 Group", "状态 Status",
        "开始 Started", "结束 Ended", "时长 Duration", "消息数 Messages", "话题 Topic", "评价 Verdict", "评分 Rating"],
      total,
      rows: rows(),
    };
  },
};

export const transcriptsExport: ExportSource = {
  key: "transcripts",
  zh: "对话内容",
  en: "Transcripts",
  requires: [],
  open(s, p, filter) {
    const { chats } = s.history.open(p, filter);
    function* rows(): Generator<string[]> {
      for (const r of chats()) {
        for (const m of s.history.messages(r.id)) {
          const sender = m.from === "visitor" ? m.name || visitorLabel(r) : m.name;
          yield [String(r.id), exportTime(m.at), SENDER[m.from] ?? m.from, sender, m.kind === "file" ? `[文件 file] ${m.text}` : m.text];
        }
      }
    }
    // The message count is not known without reading every chat first: the progress shows rows only.
    return { header: ["对话编号 Chat", "时间 Time", "发送方 Sender kind", "发送者 Sender", "内容 Text"], total: null, rows: rows() };
  },
};
