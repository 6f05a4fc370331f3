import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { Actor, AuditService } from "../audit/service.ts";
import type { Principal } from "../auth/service.ts";
import type { ChatService, ConversationRow } from "../chat/service.ts";
import type { CareService } from "../care/service.ts";
import { visitorProfile } from "../care/service.ts";
import type { VisitorsService } from "../visitors/service.ts";
import type { PrechatService } from "../prechat/service.ts";
import type { FilesService } from "../files/service.ts";
import type { AgentsService } from "../agents/service.ts";
import { forbidden, invalid, notFound } from "../platform/errors.ts";
import { maskRights, visitorMask } from "../platform/masking.ts";
import { createHistoryRepo, type Condition } from "./repo.ts";
import type { MessageRow } from "../chat/repo.ts";
import { historyScope, historyWhere, type HistoryScope } from "./scope.ts";
import { MAX_NOTE, eventText, parseFilter, parsePaging, snippetOf, type HistoryFilter, type HistoryRow } from "./model.ts";

export type { HistoryFilter, HistoryRow };

/** Longest transcript the detail shows (a chat is capped far below this in practice). */
const TRANSCRIPT_LIMIT = 10_000;
const EXPORT_BATCH = 500;

/**
 * Chat history (H1): the filtered, paged list with full-text search, a chat's detail, the
 * evaluation edit (history.evaluate, audited) and notes. Who sees which chat is the core's
 * history scope (own / department / all, src/history/scope.ts); a chat outside it is "not found".
 */
export function createHistoryService(deps: {
  db: Database; clock: Clock; audit: AuditService; chat: ChatService; care: CareService; visitors: VisitorsService;
  prechat: PrechatService; files: FilesService; agents: AgentsService;
  /** The FTS5 MATCH expression for what a user typed, or null when it holds no words (src/chat/search-text.ts). */
  match: (q: string) => string | null;
  /** Whether a chat lies in a scope (the core's inHistoryScope, bound to the services). */
  inScope: (scope: HistoryScope, c: ConversationRow) => boolean;
}) {
  const repo = createHistoryRepo(deps.db);

  function scopeOf(p: Principal): HistoryScope {
    const scope = historyScope(p);
    if (!scope) throw forbidden("需要查看记录的权限 / this needs a chat history permission");
    return scope;
  }

  function scopeCondition(scope: HistoryScope): Condition {
    const w = historyWhere(scope, "c");
    // historyWhere names its parameters "$hs_…"; the database binds names without the prefix.
    const params = Object.fromEntries(Object.entries(w.params).map(([k, v]) => [k.replace(/^[$:@]/, ""), v]));
    // The same set for "own", written so the indexes drive it: the agent's chats are few, and the
    // OR of the scope's condition would otherwise be tested against every chat.
    if (scope.kind === "own") {
      return { sql: `${w.sql} AND c.id IN (SELECT id FROM conversations WHERE agent_id = $hs_agent UNION SELECT conversation_id FROM conversation_participants WHERE agent_id = $hs_agent)`, params };
    }
    return { sql: w.sql, params };
  }

  /**
   * The WHERE of a filter for this principal. Each word of `q` is its own phrase; `match` (any
   * of them) finds the message shown as the snippet; `empty` when `q` holds nothing to search.
   */
  function condition(p: Principal, f: HistoryFilter) {
    const words = f.q ? f.q.split(/\s+/).map((word) => deps.match(word)).filter((m): m is string => m !== null) : [];
    const match = words.length ? words.join(" OR ") : null;
    // The index follows the messages (src/chat/search.ts): bring it up to date before reading it.
    if (words.length) deps.chat.repo.search.ensureCurrent();
    return { w: repo.where(f, scopeCondition(scopeOf(p)), words), match, empty: Boolean(f.q) && match === null };
  }

  /** A chat the principal may see in history, or 404 (never a hint that it exists). */
  function visible(p: Principal, id: number): ConversationRow {
    const c = Number.isSafeInteger(id) && id > 0 ? deps.chat.get(id) : null;
    if (!c || !deps.inScope(scopeOf(p), c)) throw notFound("对话不存在 / conversation not found");
    return c;
  }

  const fileInfo = (fileId: string | null) => {
    const f = fileId ? deps.files.get(fileId) : null;
    if (!f) return null;
    return { id: f.id, name: f.name, size: f.size, mime: f.mime, isImage: f.is_image === 1, url: `/files/${f.id}`, thumbUrl: f.is_image ? `/files/${f.id}/thumb` : null };
  };

  const transcriptItem = (m: MessageRow) => {
    const event = m.kind === "event" ? eventText(m.body) : null;
    return {
      id: m.id, seq: m.seq, at: m.created_at, from: m.sender_kind, name: m.sender_name, kind: m.kind,
      text: event ? `${event.zh} / ${event.en}` : m.body, event, file: m.kind === "file" ? fileInfo(m.file_id) : null,
    };
  };

  function evaluationOf(conversationId: number) {
    const e = deps.care.evaluations.get({ agentId: 0, any: true }, conversationId);
    if (!e) return null;
    return { ...e, topicName: e.topicId ? (deps.care.topics.get(e.topicId)?.name ?? "") : "", agentName: e.agentId ? (deps.agents.get(e.agentId)?.display_name ?? "") : "" };
  }

  const noteView = (n: { id: number; agent_id: number | null; author_name: string; body: string; created_at: number }) =>
    ({ id: n.id, authorId: n.agent_id, authorName: n.author_name, body: n.body, at: n.created_at });

  return {
    scopeOf,

    /** Whether the principal sees this chat in history (file downloads ask this); a file of no chat only with the whole organisation in reach. */
    canSee(p: Principal, c: ConversationRow | null): boolean {
      const scope = historyScope(p);
      if (!scope) return false;
      return scope.kind === "all" || (c !== null && deps.inScope(scope, c));
    },

    list(p: Principal, query: Record<string, unknown>) {
      const filter = parseFilter(query);
      const paging = parsePaging(query);
      const { w, match, empty } = condition(p, filter);
      if (empty) return { rows: [] as HistoryRow[], total: 0, ...paging };
      const { rows, total } = repo.page(w, paging.pageSize, (paging.page - 1) * paging.pageSize);
      if (match) for (const r of rows) {
        const body = repo.snippetSource(r.id, match);
        if (body !== null) r.snippet = snippetOf(body, filter.q!);
      }
      return { rows, total, ...paging };
    },

    detail(p: Principal, id: number) {
      const c = visible(p, id);
      const mask = visitorMask(p.permissions);
      const visitor = deps.visitors.get(c.visitor_id);
      const visit = c.visit_id ? deps.visitors.visit(c.visit_id) : null;
      const names = repo.names(c.id);
      const rating = repo.rating(c.id);
      return {
        conversation: {
          id: c.id, status: c.status, siteId: c.site_id, siteName: names?.siteName ?? "", visitorId: c.visitor_id, visitorName: visitor?.name ?? "",
          agentId: c.agent_id, agentName: names?.agentName ?? "", groupId: c.group_id, groupName: names?.groupName ?? "",
          startedAt: c.created_at, acceptedAt: c.accepted_at, firstReplyAt: c.first_reply_at, endedAt: c.ended_at, endedBy: c.ended_by,
          durationMs: c.ended_at === null ? null : c.ended_at - c.created_at,
        },
        transcript: repo.transcript(c.id, TRANSCRIPT_LIMIT).map(transcriptItem),
        // The pages of the chat's visit as they were when it ended (or up to now while it runs).
        trail: visit ? repo.trailUntil(visit.id, c.ended_at ?? deps.clock.now()).map((v) => ({ url: v.url, title: v.title, at: v.at, dwellMs: v.dwell_ms })) : [],
        visit: visit ? mask({
          id: visit.id, startedAt: visit.started_at, ip: visit.ip, region: [visit.country, visit.province, visit.city].filter(Boolean).join(" "), isp: visit.isp,
          browser: visit.browser, os: visit.os, device: visit.device, language: visit.language, referrer: visit.referrer,
          searchEngine: visit.search_engine, searchKeyword: visit.search_keyword, landingUrl: visit.landing_url,
        }) : null,
        visitor: visitor ? visitorProfile(visitor, maskRights(p.permissions)) : null,
        prechat: mask(deps.prechat.forConversation(c.id)),
        evaluation: evaluationOf(c.id),
        rating: rating ? { level: rating.level, comment: rating.comment, at: rating.updated_at } : null,
        notes: repo.notes(c.id).map(noteView),
        can: { evaluate: p.permissions.has("history.evaluate") },
      };
    },

    /** Re-evaluation from history (H1): history.evaluate and the chat in scope; audited with before and after. */
    saveEvaluation(p: Principal, actor: Actor, id: number, input: { topicId?: unknown; verdict?: unknown; note?: unknown }) {
      if (!p.permissions.has("history.evaluate")) throw forbidden("需要修改评价的权限 / this needs the history.evaluate permission");
      const c = visible(p, id);
      const before = evaluationOf(c.id);
      deps.db.transaction(() => {
        const saved = deps.care.evaluations.save({ agentId: p.agent.id, any: true }, c.id, input);
        deps.audit.record(actor, {
          action: "history.evaluate", targetType: "conversation", targetId: c.id,
          detail: { before: before ? { topicId: before.topicId, verdict: before.verdict, note: before.note } : null, after: { topicId: saved.topicId, verdict: saved.verdict, note: saved.note } },
        });
      }).immediate();
      return evaluationOf(c.id);
    },

    /** A note on a chat: anyone who sees it in history may add one. */
    addNote(p: Principal, actor: Actor, id: number, raw: unknown) {
      const c = visible(p, id);
      const body = typeof raw === "string" ? raw.replace(/\r\n?/g, "\n").trim() : "";
      if (!body) throw invalid("请填写备注 / write a note", "body");
      if (body.length > MAX_NOTE) throw invalid(`备注最多 ${MAX_NOTE} 字 / a note has at most ${MAX_NOTE} characters`, "body");
      const note = deps.db.transaction(() => {
        const n = repo.insertNote(c.id, p.agent.id, p.agent.display_name, body, deps.clock.now());
        deps.audit.record(actor, { action: "history.note", targetType: "conversation", targetId: c.id, detail: { noteId: n.id, length: body.length } });
        return n;
      }).immediate();
      return noteView(note);
    },

    notes: (p: Principal, id: number) => repo.notes(visible(p, id).id).map(noteView),

    /**
     * Every chat matching the filter for this principal, newest first, fetched in keyset batches
     * (exports: nothing is held in memory beyond one batch, no statement stays open).
     */
    open(p: Principal, query: Record<string, unknown>): { total: number; chats: () => Generator<HistoryRow> } {
      const filter = parseFilter(query);
      const { w, empty } = condition(p, filter);
      const total = empty ? 0 : repo.count(w);
      function* chats(): Generator<HistoryRow> {
        if (empty) return;
        let before = Number.MAX_SAFE_INTEGER;
        for (;;) {
          const rows = repo.batch(w, before, EXPORT_BATCH);
          if (!rows.length) return;
          yield* rows;
          before = rows[rows.length - 1].id;
        }
      }
      return { total, chats };
    },

    /** One chat's messages in order, readable (events in words), for the transcripts export. */
    *messages(conversationId: number): Generator<ReturnType<typeof transcriptItem>> {
      let after = 0;
      for (;;) {
        const batch = deps.chat.messagesAfter(conversationId, after, 1000);
        if (!batch.length) return;
        for (const m of batch) yield transcriptItem(m);
        after = batch[batch.length - 1].seq;
      }
    },

    /** The visitor's phone, email and the chat's visit IP, masked for this principal (exports). */
    contacts(p: Principal, conversationId: number) {
      const c = repo.contacts(conversationId);
      return visitorMask(p.permissions)(c ?? { phone: "", email: "", ip: "" });
    },
  };
}
export type HistoryService = ReturnType<typeof createHistoryService>;
