import type { Database } from "bun:sqlite";
import { likeLiteral } from "../store/paged.ts";
import type { VisitorRow } from "../visitors/service.ts";
import type { BlockRow, ChatRow, LeaveRow, SearchRow, VisitRow } from "./model.ts";

/**
 * The customer 360 is a read model over other domains' tables (visitors, members, chats, leave
 * messages, blocks): each part is one indexed query over all of a customer's visitors, where a
 * chain of service calls would be one query per visitor and per chat. It only reads; writes stay
 * with the owning domains. Sets of ids travel as one JSON parameter (json_each), so each query
 * text stays the same whatever the number of visitors or sites.
 */

/** A phone column without the separators the forms accept (+ - ( ) space), so "+86 138-…" matches "86138…". */
const digits = (col: string) => `replace(replace(replace(replace(replace(${col}, ' ', ''), '-', ''), '+', ''), '(', ''), ')', '')`;
const IN = (param: string) => `(SELECT value FROM json_each($${param}))`;

export type LinkedVisitor = Pick<VisitorRow, "id" | "public_id" | "name" | "phone" | "email" | "visit_count" | "first_seen_at" | "last_seen_at">;

export interface SearchInput {
  q: string;
  siteIds: number[];
  /** visitor.contact: phone and email match by substring; without it only a whole value matches (no probing digit by digit). */
  contact: boolean;
  /** With leave.read: also the name and contact the visitor left in a leave message on these sites. */
  leaveSiteIds: number[] | null;
  limit: number;
  offset: number;
}

export function createCustomersRepo(db: Database) {
  function search(i: SearchInput): SearchRow[] {
    const q = i.q;
    const phone = /^[0-9+()\-.\s]+$/.test(q) ? q.replace(/\D/g, "") : "";
    const id = /^#?\d{1,15}$/.test(q) ? Number(q.replace("#", "")) : -1;
    const params: Record<string, string | number> = {
      sites: JSON.stringify(i.siteIds), like: `%${likeLiteral(q)}%`, q, lower: q.toLowerCase(), id, phone, phoneLike: `%${phone}%`,
      limit: i.limit, offset: i.offset,
    };
    // Most visitors left no number: the cheap emptiness test spares them the normalisation.
    const phoneMatch = (col: string) =>
      `${col} <> '' AND ` + (i.contact ? `${digits(col)} LIKE $phoneLike` : `(${digits(col)} IN ($phone, '86' || $phone, '0086' || $phone) OR '86' || ${digits(col)} = $phone)`);
    const emailMatch = (col: string) => (i.contact ? `${col} LIKE $like ESCAPE '\\'` : `${col} <> '' AND lower(${col}) = $lower`);
    const contactMatch = (t: string) => [emailMatch(`${t}.email`), ...(phone.length >= (i.contact ? 3 : 5) ? [`(${phoneMatch(`${t}.phone`)})`] : [])];
    const text = (col: string) => `${col} LIKE $like ESCAPE '\\'`;

    const conds = [
      "v.id = $id", "v.public_id = $q", text("v.name"), text("v.company"), ...contactMatch("v"),
      `v.id IN (SELECT visitor_id FROM visitor_members WHERE ${text("member_id")} OR ${text("member_name")})`,
    ];
    if (i.leaveSiteIds) {
      params.leaveSites = JSON.stringify(i.leaveSiteIds);
      conds.push(`v.id IN (SELECT l.visitor_id FROM leave_messages l WHERE l.site_id IN ${IN("leaveSites")} AND (${[text("l.name"), text("l.company"), ...contactMatch("l")].join(" OR ")}))`);
    }
    // The matching ids first, from the visitors table alone (one pass, no join per row); then one
    // row per customer: a verified member's visitors collapse into their latest one (SQLite takes
    // the bare columns from the row holding max(last_seen_at)).
    return db.query(
      `WITH hits AS (SELECT v.id FROM visitors v WHERE v.site_id IN ${IN("sites")} AND (${conds.join("\n OR ")}))
       SELECT v.id, v.site_id, s.name AS site_name, v.public_id, v.name, v.phone, v.email, v.company, v.visit_count, v.first_seen_at,
         max(v.last_seen_at) AS last_seen_at, m.member_id, m.member_name,
         CASE WHEN m.member_id IS NULL THEN 1 ELSE (SELECT count(*) FROM visitor_members o WHERE o.site_id = m.site_id AND o.member_id = m.member_id) END AS visitors
       FROM hits JOIN visitors v ON v.id = hits.id JOIN sites s ON s.id = v.site_id LEFT JOIN visitor_members m ON m.visitor_id = v.id
       GROUP BY CASE WHEN m.member_id IS NULL THEN 'v' || v.id ELSE 'm' || m.site_id || ':' || m.member_id END
       ORDER BY last_seen_at DESC, v.id DESC LIMIT $limit OFFSET $offset`,
    ).all(params) as SearchRow[];
  }

  const q = {
    visitor: db.prepare("SELECT v.*, s.name AS site_name FROM visitors v JOIN sites s ON s.id = v.site_id WHERE v.id = ?"),
    member: db.prepare("SELECT site_id, member_id, member_name, verified_at FROM visitor_members WHERE visitor_id = ?"),
    memberVisitors: db.prepare(
      `SELECT v.id, v.public_id, v.name, v.phone, v.email, v.visit_count, v.first_seen_at, v.last_seen_at
       FROM visitor_members o JOIN visitors v ON v.id = o.visitor_id WHERE o.site_id = ? AND o.member_id = ? ORDER BY v.last_seen_at DESC, v.id DESC LIMIT ?`,
    ),
    totals: db.prepare(`SELECT sum(visit_count) AS visits, min(first_seen_at) AS first, max(last_seen_at) AS last FROM visitors WHERE id IN ${IN("ids")}`),
    lastVisit: db.prepare(
      `SELECT visitor_id, started_at, ip, country, province, city, isp, browser, os, device, search_engine, search_keyword, landing_url
       FROM visits WHERE visitor_id IN ${IN("ids")} ORDER BY started_at DESC, id DESC LIMIT 1`,
    ),
    keywords: db.prepare(
      `SELECT search_engine AS engine, search_keyword AS keyword, max(started_at) AS at FROM visits
       WHERE visitor_id IN ${IN("ids")} AND search_keyword <> '' GROUP BY search_keyword ORDER BY at DESC LIMIT 10`,
    ),
    blocks: db.prepare(
      `SELECT id, visitor_id, mode, reason, expires_at, created_at, lifted_at FROM visitor_blocks
       WHERE visitor_id IN ${IN("ids")} ORDER BY created_at DESC, id DESC LIMIT 20`,
    ),
    leave: db.prepare(
      `SELECT id, visitor_id AS visitorId, site_id AS siteId, created_at AS createdAt, name, phone, email, company, content, page_url AS pageUrl, ip
       FROM leave_messages WHERE visitor_id IN ${IN("ids")} AND site_id IN ${IN("sites")} ORDER BY created_at DESC, id DESC LIMIT $limit`,
    ),
  };

  return {
    search,
    visitor: (id: number) => q.visitor.get(id) as (VisitorRow & { site_name: string }) | null,
    member: (visitorId: number) => q.member.get(visitorId) as { site_id: number; member_id: string; member_name: string; verified_at: number } | null,
    memberVisitors: (siteId: number, memberId: string, limit: number) =>
      q.memberVisitors.all(siteId, memberId, limit) as LinkedVisitor[],
    totals: (ids: number[]) => q.totals.get({ ids: JSON.stringify(ids) }) as { visits: number; first: number; last: number },
    lastVisit: (ids: number[]) => q.lastVisit.get({ ids: JSON.stringify(ids) }) as VisitRow | null,
    keywords: (ids: number[]) => q.keywords.all({ ids: JSON.stringify(ids) }) as { engine: string; keyword: string; at: number }[],
    blocks: (ids: number[]) => q.blocks.all({ ids: JSON.stringify(ids) }) as BlockRow[],
    leave: (ids: number[], siteIds: number[], limit: number) => q.leave.all({ ids: JSON.stringify(ids), sites: JSON.stringify(siteIds), limit }) as LeaveRow[],

    /** The chats of these visitors that the history condition (H1, over alias `c`) lets through. */
    chats(ids: number[], history: { sql: string; params: Record<string, number> }, limit: number, firstChars: number): ChatRow[] {
      const own = Object.fromEntries(Object.entries(history.params).map(([k, v]) => [k.replace(/^[$:@]/, ""), v]));
      // The first thing the visitor wrote says what the chat was about; a chat the agent opened
      // (proactive) may have none, so its first text message stands in.
      const first = (who: string) => `(SELECT substr(m.body, 1, ${firstChars}) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'text'${who} ORDER BY m.seq LIMIT 1)`;
      return db.query(
        `SELECT c.id, c.visitor_id AS visitorId, c.status, c.created_at AS startedAt, c.ended_at AS endedAt, c.agent_id AS agentId,
           a.display_name AS agentName, t.name AS topicName, e.verdict AS verdict, r.level AS ratingLevel, r.comment AS ratingComment,
           (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind <> 'event') AS messageCount,
           coalesce(${first(" AND m.sender_kind = 'visitor'")}, ${first("")}) AS firstMessage
         FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id
           LEFT JOIN conversation_evaluations e ON e.conversation_id = c.id LEFT JOIN chat_topics t ON t.id = e.topic_id
           LEFT JOIN conversation_ratings r ON r.conversation_id = c.id
         WHERE c.visitor_id IN ${IN("cust_ids")} AND (${history.sql})
         ORDER BY c.id DESC LIMIT $cust_limit`,
      ).all({ ...own, cust_ids: JSON.stringify(ids), cust_limit: limit }) as ChatRow[];
    },
  };
}
export type CustomersRepo = ReturnType<typeof createCustomersRepo>;
