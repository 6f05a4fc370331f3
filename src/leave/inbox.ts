import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { Actor, AuditService } from "../audit/service.ts";
import { invalid, notFound } from "../platform/errors.ts";
import type { LeaveRepo } from "./repo.ts";
import { MAX_NOTE, messageView, replyView, type InboxViewer, type LeaveFilter, type Names, type StoredLeave } from "./model.ts";

export type LeaveChange = "updated" | "replied" | "unreplied" | "deleted";

declare module "../events/bus.ts" {
  interface EventMap {
    /** A leave message was edited, answered or deleted (after commit); countChanged: the unanswered count moved. */
    "leave.changed": { message: StoredLeave; action: LeaveChange; countChanged: boolean };
  }
}

/**
 * The inbox (H2) for one viewer: the list with its filters, one message with its replies, the
 * agent's edits (type, note, replied/unreplied by hand, e.g. after a call) and deletion. A
 * message outside the viewer's sites answers 404, as if it did not exist. Masking (X8) is the
 * caller's: views keep the field names visitorMask knows.
 */
export function createLeaveInbox(deps: {
  db: Database; clock: Clock; audit: AuditService; repo: LeaveRepo; names: Names;
  events: Pick<EventBus, "publish">;
  typeUsable: (id: number) => boolean;
}) {
  const { repo, names } = deps;
  const tx = <T>(fn: () => T) => deps.db.transaction(fn).immediate();

  function mustSee(v: InboxViewer, id: number): StoredLeave {
    const m = repo.get(id);
    if (!m || !v.siteIds.includes(m.site_id)) throw notFound("留言不存在 / leave message not found");
    return m;
  }

  return {
    mustSee,
    /** A message as stored, whoever asks (realtime builds each recipient's masked view from it). */
    stored: (id: number) => repo.get(id),
    list(v: InboxViewer, f: LeaveFilter, page: { limit: number; offset: number }) {
      const { rows, total } = repo.page(v, f, page);
      return { rows: rows.map((r) => messageView(r, names)), total, limit: page.limit, offset: page.offset };
    },
    get(v: InboxViewer, id: number) {
      const m = mustSee(v, id);
      return { message: messageView(m, names), replies: repo.replies(id).map((r) => replyView(r, names)) };
    },
    /** Changes what the body names: `typeId` (null clears), `note`, `replied` (true/false). */
    update(v: InboxViewer, actor: Actor & { id: number }, id: number, input: Record<string, unknown>) {
      const before = mustSee(v, id);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      let typeId = before.type_id;
      if ("typeId" in input) {
        const t = input.typeId;
        if (t !== null && (typeof t !== "number" || !Number.isInteger(t) || (t !== before.type_id && !deps.typeUsable(t)))) throw invalid("请选择有效的留言类型 / choose a type from the list", "typeId");
        typeId = t as number | null;
      }
      let note = before.note;
      if ("note" in input) {
        if (typeof input.note !== "string") throw invalid("备注应为文本 / the note must be text", "note");
        note = input.note.trim();
        if (note.length > MAX_NOTE) throw invalid(`备注最多 ${MAX_NOTE} 字 / a note has at most ${MAX_NOTE} characters`, "note");
      }
      let replied = before.replied_at !== null;
      if ("replied" in input) {
        if (typeof input.replied !== "boolean") throw invalid("回复状态应为是或否 / replied is true or false", "replied");
        replied = input.replied;
      }
      const now = deps.clock.now();
      tx(() => {
        if (typeId !== before.type_id) {
          repo.setType(id, typeId);
          changes.type = { from: before.type_name, to: typeId === null ? null : (repo.typeById(typeId)?.name ?? null) };
        }
        if (note !== before.note) {
          repo.setNote(id, note, actor.id, now);
          changes.note = { from: before.note, to: note };
        }
        if (replied !== (before.replied_at !== null)) {
          if (replied) repo.markReplied(id, now, actor.id);
          else repo.markUnreplied(id);
          changes.replied = { from: !replied, to: replied };
        }
        if (Object.keys(changes).length) deps.audit.record(actor, { action: "leave.update", targetType: "leave_message", targetId: id, detail: { siteId: before.site_id, changes } });
      });
      const after = repo.get(id)!;
      if (Object.keys(changes).length) {
        const action: LeaveChange = changes.replied ? (replied ? "replied" : "unreplied") : "updated";
        deps.events.publish("leave.changed", { message: after, action, countChanged: Boolean(changes.replied) });
      }
      return this.get(v, id);
    },
    /** Deletes the message and its replies; the audit entry keeps what was deleted. */
    remove(v: InboxViewer, actor: Actor, id: number) {
      const m = mustSee(v, id);
      tx(() => {
        const replies = repo.replyCount(id);
        repo.remove(id);
        deps.audit.record(actor, {
          action: "leave.delete", targetType: "leave_message", targetId: id,
          detail: {
            siteId: m.site_id, visitorId: m.visitor_id, name: m.name, phone: m.phone, email: m.email, company: m.company, content: m.content,
            pageUrl: m.page_url, createdAt: m.created_at, type: m.type_name, note: m.note, replied: m.replied_at !== null, replies,
          },
        });
      });
      deps.events.publish("leave.changed", { message: m, action: "deleted", countChanged: m.replied_at === null });
    },
    /** Unanswered in the viewer's sites, and how many arrived after the sign-in before this session's. */
    summary(v: InboxViewer, lastSignInAt: number | null) {
      return {
        unanswered: repo.unanswered(v.siteIds),
        newSinceLastSignIn: lastSignInAt === null ? 0 : repo.newSince(v.siteIds, lastSignInAt),
        lastSignInAt,
      };
    },
    unanswered: (siteIds: number[]) => repo.unanswered(siteIds),
    count: (v: InboxViewer, f: LeaveFilter) => repo.count(v, f),
    /** Every matching message as stored, newest first, read lazily in batches (exports). */
    iterate: (v: InboxViewer, f: LeaveFilter) => repo.iterate(v, f),
  };
}
export type LeaveInbox = ReturnType<typeof createLeaveInbox>;
