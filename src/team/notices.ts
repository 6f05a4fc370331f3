import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import type { AgentsService } from "../agents/service.ts";
import type { GroupsService } from "../agents/groups.ts";
import type { DepartmentsService } from "../agents/departments.ts";
import { ORGANISATION, type DataScope } from "../auth/permissions.ts";
import { AppError, forbidden, invalid, notFound } from "../platform/errors.ts";
import { createNoticesRepo } from "./notices-repo.ts";
import { MAX_NOTICE_BODY, MAX_NOTICE_TITLE, type AudienceKind, type NoticeRow } from "./model.ts";

const KINDS: AudienceKind[] = ["all", "department", "group", "agents"];
const DAY = 86_400_000;
const MAX_WINDOW = 366 * DAY;
// setTimeout's limit; a later start is picked up by re-arming (and by the minute job).
const MAX_TIMER = 2 ** 31 - 1;

export interface NoticeInput {
  title?: unknown;
  body?: unknown;
  audience_kind?: unknown;
  audience_ids?: unknown;
  starts_at?: unknown;
  ends_at?: unknown;
}

/** A time as ms since the epoch, an ISO string, or a datetime-local value (server-local time). */
function parseTime(v: unknown, field: string): number | null {
  if (v === undefined || v === null || v === "") return null;
  const t = typeof v === "number" ? v : /^\d+$/.test(String(v)) ? Number(v) : Date.parse(String(v));
  if (!Number.isFinite(t) || t <= 0) throw invalid("时间格式不正确 / not a valid time", field);
  return Math.round(t);
}

function parseIds(v: unknown): number[] {
  const raw = Array.isArray(v) ? v : typeof v === "string" ? v.split(/[\s,]+/) : v === undefined || v === null ? [] : [v];
  const ids = raw.filter((x) => x !== "").map(Number);
  if (ids.some((x) => !Number.isInteger(x) || x <= 0)) throw invalid("接收对象不正确 / the recipients are not valid", "audience_ids");
  return [...new Set(ids)];
}

/** Refused by data scope: 403 naming the form field, so the admin form can show it in place. */
const outOfScope = (field: string) => new AppError(403, "forbidden", "只能发送给本部门或本部门的分组、客服 / you may send only to your own department, or to its groups and agents", field);

/**
 * Notices (A21 receiving, M4 sending): a title and plain-text body to everyone, some departments,
 * some groups or named agents, shown between starts_at and ends_at. A notice pops up when its
 * window opens for everyone online among its audience, again at each later sign-in until
 * acknowledged, and its sender sees who has read it. Department and group audiences are resolved
 * when asked, so a colleague who joins during the window gets the notice too. A department
 * admin sends only inside their department and sees only the notices that stay inside it.
 */
export function createNoticesService(deps: {
  db: Database; clock: Clock; events: EventBus; audit: AuditService; agents: AgentsService; groups: GroupsService; departments: DepartmentsService;
}) {
  const repo = createNoticesRepo(deps.db);
  let timer: ReturnType<typeof setTimeout> | null = null;

  function targets(n: NoticeRow, agentId: number): boolean {
    if (n.audience_kind === "all") return true;
    const ids = repo.targets(n.id);
    if (n.audience_kind === "agents") return ids.includes(agentId);
    if (n.audience_kind === "group") return deps.groups.groupsOf(agentId).some((g) => ids.includes(g.id));
    const dept = deps.departments.agentDepartment(agentId);
    return dept !== null && ids.includes(dept);
  }

  /** Does the audience stay inside one department (what a department admin may send and see)? */
  function withinDepartment(kind: AudienceKind, ids: number[], departmentId: number | null): boolean {
    if (departmentId === null || kind === "all" || !ids.length) return false;
    const of = kind === "department" ? (id: number) => id : kind === "group" ? deps.departments.groupDepartment : deps.departments.agentDepartment;
    return ids.every((id) => of(id) === departmentId);
  }

  /** A department admin sees the notices they sent and those addressed inside their department. */
  function visible(n: NoticeRow, scope: DataScope, viewerId: number): boolean {
    return scope.kind === "all" || n.sender_id === viewerId || withinDepartment(n.audience_kind, repo.targets(n.id), scope.departmentId);
  }

  /** Every enabled agent the notice is meant for. */
  function audience(n: NoticeRow): number[] {
    return deps.agents.list().filter((a) => !a.disabled && targets(n, a.id)).map((a) => a.id);
  }

  const view = (n: NoticeRow, agentId: number) => ({
    id: n.id, title: n.title, body: n.body, senderName: n.sender_name, startsAt: n.starts_at, endsAt: n.ends_at, readAt: repo.readAt(n.id, agentId),
  });

  function validate(input: NoticeInput) {
    const title = typeof input.title === "string" ? input.title.trim() : "";
    if (!title || title.length > MAX_NOTICE_TITLE) throw invalid(`请填写标题（最多 ${MAX_NOTICE_TITLE} 字） / a title is required (${MAX_NOTICE_TITLE} characters at most)`, "title");
    const body = typeof input.body === "string" ? input.body.replace(/\r\n/g, "\n").trim() : "";
    if (body.length > MAX_NOTICE_BODY) throw invalid(`正文最多 ${MAX_NOTICE_BODY} 字 / the text has at most ${MAX_NOTICE_BODY} characters`, "body");
    const kind = input.audience_kind ?? "all";
    if (!KINDS.includes(kind as AudienceKind)) throw invalid("接收范围须为全体、部门、分组或指定客服 / the audience must be everyone, departments, groups or agents", "audience_kind");
    const ids = kind === "all" ? [] : parseIds(input.audience_ids);
    if (kind !== "all" && !ids.length) throw invalid("请选择接收对象 / choose who receives it", "audience_ids");
    if (kind === "department" && ids.some((id) => !deps.departments.get(id))) throw invalid("部门不存在 / a department does not exist", "audience_ids");
    if (kind === "group" && ids.some((id) => !deps.groups.get(id))) throw invalid("分组不存在 / a group does not exist", "audience_ids");
    if (kind === "agents" && ids.some((id) => !deps.agents.get(id))) throw invalid("客服不存在 / an agent does not exist", "audience_ids");
    const now = deps.clock.now();
    const starts = parseTime(input.starts_at, "starts_at") ?? now;
    const ends = parseTime(input.ends_at, "ends_at") ?? starts + 7 * DAY;
    if (ends <= starts) throw invalid("结束时间须晚于开始时间 / the end must be after the start", "ends_at");
    if (ends <= now) throw invalid("结束时间已过 / the end is already past", "ends_at");
    if (ends - starts > MAX_WINDOW) throw invalid("展示时间最长一年 / a notice is shown for a year at most", "ends_at");
    return { title, body, kind: kind as AudienceKind, ids, starts, ends };
  }

  function checkScope(v: { kind: AudienceKind; ids: number[] }, scope: DataScope) {
    if (scope.kind === "all") return;
    if (v.kind === "all") throw outOfScope("audience_kind");
    if (!withinDepartment(v.kind, v.ids, scope.departmentId)) throw outOfScope("audience_ids");
  }

  /** Announces every notice whose window has opened; each one exactly once. */
  function deliverDue(): number {
    const now = deps.clock.now();
    let n = 0;
    for (const notice of repo.due(now)) {
      if (!repo.markDelivered(notice.id, now)) continue;
      if (notice.ends_at > now) {
        deps.events.publish("team.notice", { notice: repo.byId(notice.id)! });
        n++;
      }
    }
    arm();
    return n;
  }

  /** One timer for the earliest notice still to start; restarts and long waits are covered by the minute job. */
  function arm() {
    if (timer) clearTimeout(timer);
    timer = null;
    const next = repo.nextStart();
    if (next === null) return;
    timer = setTimeout(() => {
      try {
        deliverDue();
      } catch {
        // The minute job (jobs/) tries again; a timer must not take the process down.
      }
    }, Math.min(Math.max(next - deps.clock.now(), 0), MAX_TIMER));
    timer.unref?.();
  }

  return {
    validate,
    /** Sends (or schedules) a notice within the sender's data scope; audited. */
    create(sender: { id: number; display_name: string }, actor: Actor, input: NoticeInput, scope: DataScope = ORGANISATION): NoticeRow {
      const v = validate(input);
      checkScope(v, scope);
      const now = deps.clock.now();
      const notice = deps.db.transaction(() => {
        const row = repo.insert({ title: v.title, body: v.body, sender_id: sender.id, sender_name: sender.display_name, audience_kind: v.kind, starts_at: v.starts, ends_at: v.ends, delivered_at: null, created_at: now }, v.ids);
        deps.audit.record(actor, { action: "notice.send", targetType: "notice", targetId: row.id, detail: { title: v.title, audience: v.kind, ids: v.ids, starts_at: v.starts, ends_at: v.ends } });
        return row;
      }).immediate();
      deliverDue();
      return repo.byId(notice.id)!;
    },
    deliverDue,
    /** Stops the start timer (shutdown, tests). */
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    get: (id: number) => repo.byId(id),
    targets,
    audience,
    /** The agent's active notices (with read state) and the ones whose window has passed. */
    mine(agentId: number) {
      const now = deps.clock.now();
      return {
        active: repo.active(now).filter((n) => targets(n, agentId)).map((n) => view(n, agentId)),
        past: repo.past(now, 200).filter((n) => targets(n, agentId)).slice(0, 50).map((n) => view(n, agentId)),
      };
    },
    /** Active notices the agent has not acknowledged: shown again at every sign-in in the window. */
    unreadFor(agentId: number) {
      const now = deps.clock.now();
      return repo.active(now).filter((n) => targets(n, agentId) && repo.readAt(n.id, agentId) === null).map((n) => view(n, agentId));
    },
    view,
    ack(agentId: number, noticeId: number) {
      const n = repo.byId(noticeId);
      if (!n || n.starts_at > deps.clock.now() || !targets(n, agentId)) throw notFound("公告不存在 / notice not found");
      const first = repo.ack(n.id, agentId, deps.clock.now());
      const seen = view(n, agentId);
      if (first) deps.events.publish("team.notice_read", { noticeId: n.id, agentId, readAt: seen.readAt! });
      return seen;
    },
    /**
     * Who has read it (with when) and who not: for its sender and for holders of notices.send
     * within their scope. Readers who have since left the audience still count as read.
     */
    reads(viewer: { id: number; maySend: boolean; scope?: DataScope }, noticeId: number) {
      const n = repo.byId(noticeId);
      if (!n) throw notFound("公告不存在 / notice not found");
      if (n.sender_id !== viewer.id && !viewer.maySend) throw forbidden();
      if (!visible(n, viewer.scope ?? ORGANISATION, viewer.id)) throw notFound("公告不存在 / notice not found");
      const readAt = new Map(repo.reads(n.id).map((r) => [r.agent_id, r.read_at]));
      const ids = [...new Set([...audience(n), ...readAt.keys()])];
      const person = (id: number) => {
        const a = deps.agents.get(id);
        return { agentId: id, displayName: a?.display_name ?? "", username: a?.username ?? "", readAt: readAt.get(id) ?? null };
      };
      const people = ids.map(person).sort((a, b) => (a.readAt ?? 0) - (b.readAt ?? 0) || a.agentId - b.agentId);
      return { notice: { ...view(n, viewer.id), audienceKind: n.audience_kind, audienceIds: repo.targets(n.id) }, read: people.filter((p) => p.readAt !== null), unread: people.filter((p) => p.readAt === null) };
    },
    /** The newest notices the viewer may see (a department admin: their own department's). */
    recent: (limit = 50, viewer?: { id: number; scope: DataScope }) =>
      viewer && viewer.scope.kind !== "all" ? repo.recent(500).filter((n) => visible(n, viewer.scope, viewer.id)).slice(0, limit) : repo.recent(limit),
    visible,
  };
}
export type NoticesService = ReturnType<typeof createNoticesService>;
