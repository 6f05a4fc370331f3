import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { Actor, AuditService } from "../audit/service.ts";
import type { ChatService } from "../chat/service.ts";
import type { VisitorsService } from "../visitors/service.ts";
import { invalid, notFound } from "../platform/errors.ts";
import { cidrContains, parseCidr, type Cidr } from "../platform/ip.ts";
import type { CareRepo } from "./repo.ts";
import { BLOCK_MODES, MAX_BLOCK_MINUTES, MAX_BLOCK_REASON, blockView, type BlockMode, type BlockRow } from "./model.ts";

/**
 * Visitor blocks (A11), enforced by the server. Every visitor frame asks `activeFor`, so the
 * active blocks live in memory (few rows; loaded once, kept in step by block and lift here) and
 * expiry is decided at lookup time: an expired block stops applying without a restart or a job.
 * Rules by IP range (M7) sit in the same table and the same lookup.
 */
export function createBlocksService(deps: { db: Database; clock: Clock; events: EventBus; audit: AuditService; repo: CareRepo; chat: ChatService; visitors: VisitorsService }) {
  const { repo } = deps;
  const byVisitor = new Map<number, BlockRow[]>();
  let ranges: { row: BlockRow; cidr: Cidr }[] = [];

  const live = (b: BlockRow, now: number) => b.lifted_at === null && (b.expires_at === null || b.expires_at > now);
  function remember(b: BlockRow) {
    if (b.visitor_id !== null) byVisitor.set(b.visitor_id, [...(byVisitor.get(b.visitor_id) ?? []), b]);
    else if (b.ip_cidr) {
      const cidr = parseCidr(b.ip_cidr);
      if (cidr) ranges.push({ row: b, cidr });
    }
  }
  function forget(b: BlockRow) {
    if (b.visitor_id !== null) {
      const rest = (byVisitor.get(b.visitor_id) ?? []).filter((x) => x.id !== b.id);
      if (rest.length) byVisitor.set(b.visitor_id, rest);
      else byVisitor.delete(b.visitor_id);
    } else ranges = ranges.filter((r) => r.row.id !== b.id);
  }
  for (const b of repo.activeBlocks(deps.clock.now())) remember(b);

  /** The block that applies to this visitor (and address) now; "hide" outranks "refuse chat". */
  function activeFor(visitorId: number, ip?: string, siteId?: number): BlockRow | null {
    const now = deps.clock.now();
    let found: BlockRow | null = null;
    const list = byVisitor.get(visitorId);
    if (list) {
      for (const b of list) if (live(b, now) && (!found || b.mode === "hide")) found = b;
      // Expired rows are dropped on the way, so the map does not grow with history.
      if (list.some((b) => !live(b, now))) {
        const rest = list.filter((b) => live(b, now));
        if (rest.length) byVisitor.set(visitorId, rest);
        else byVisitor.delete(visitorId);
      }
    }
    if (ip && ranges.length && found?.mode !== "hide") {
      for (const r of ranges) {
        if (!live(r.row, now) || (r.row.site_id !== null && siteId !== undefined && r.row.site_id !== siteId)) continue;
        if (cidrContains(r.cidr, ip) && (!found || r.row.mode === "hide")) found = r.row;
      }
    }
    return found;
  }

  function parseInput(input: { mode?: unknown; reason?: unknown; expiresMinutes?: unknown }) {
    const mode = input.mode as BlockMode;
    if (!BLOCK_MODES.includes(mode)) throw invalid("请选择屏蔽方式 / choose how to block: refuse chat or hide", "mode");
    const reason = typeof input.reason === "string" ? input.reason.trim() : "";
    if (!reason) throw invalid("请填写原因 / a reason is required", "reason");
    if (reason.length > MAX_BLOCK_REASON) throw invalid(`原因最多 ${MAX_BLOCK_REASON} 字 / the reason has at most ${MAX_BLOCK_REASON} characters`, "reason");
    const m = input.expiresMinutes;
    if (m !== null && m !== undefined && !(Number.isInteger(m) && (m as number) >= 1 && (m as number) <= MAX_BLOCK_MINUTES)) {
      throw invalid("有效期须为 1 分钟到 1 年，或永久 / expiry must be 1 minute to 1 year, or never", "expiresMinutes");
    }
    return { mode, reason, minutes: (m ?? null) as number | null };
  }

  return {
    activeFor,
    get: (id: number) => repo.blockById(id),
    /** The blocking page (M7): blocks in force, then those lifted or expired since `since`, newest first. */
    list: (since: number, limit = 500) => repo.listBlocks(deps.clock.now(), since, limit),

    /** Blocks a visitor (replacing a block already in force) and ends their open chat. */
    async block(actor: Actor, visitorId: number, input: { mode?: unknown; reason?: unknown; expiresMinutes?: unknown }) {
      const visitor = deps.visitors.get(visitorId);
      if (!visitor) throw notFound("访客不存在 / visitor not found");
      const { mode, reason, minutes } = parseInput(input);
      const now = deps.clock.now();
      const previous = byVisitor.get(visitorId) ?? [];
      const row = deps.db.transaction(() => {
        for (const b of previous) repo.liftBlock(b.id, actor.id, now);
        const created = repo.insertBlock({
          site_id: visitor.site_id, visitor_id: visitor.id, ip_cidr: repo.lastIp(visitor.id) || null, mode, reason,
          expires_at: minutes === null ? null : now + minutes * 60_000, created_by: actor.id, created_at: now,
        });
        deps.audit.record(actor, { action: "visitor.block", targetType: "visitor", targetId: visitor.id, detail: { blockId: created.id, mode, reason, expiresAt: created.expires_at, ip: created.ip_cidr, replaced: previous.map((b) => b.id) } });
        return created;
      }).immediate();
      for (const b of previous) forget(b);
      remember(row);
      const open = deps.chat.openFor(visitor.id);
      if (open) await deps.chat.end(open.id, "system");
      deps.events.publish("care.blocked", { siteId: visitor.site_id, visitorId: visitor.id, block: blockView(row) });
      deps.events.publish("visitor.updated", { siteId: visitor.site_id, visitorId: visitor.id });
      return row;
    },

    /**
     * Blocks an IP address or CIDR range (the admin blocking page, M7, builds on this): it
     * applies to every visitor whose channel comes from there, on one site or (siteId null) all.
     */
    blockRange(actor: Actor, input: { ipCidr?: unknown; siteId?: number | null; mode?: unknown; reason?: unknown; expiresMinutes?: unknown }) {
      const text = typeof input.ipCidr === "string" ? input.ipCidr.trim() : "";
      const cidr = parseCidr(text);
      if (!cidr) throw invalid("IP 地址或网段格式不对 / enter an IP address or CIDR range", "ipCidr");
      const { mode, reason, minutes } = parseInput(input);
      const now = deps.clock.now();
      const row = deps.db.transaction(() => {
        const created = repo.insertBlock({
          site_id: input.siteId ?? null, visitor_id: null, ip_cidr: text, mode, reason,
          expires_at: minutes === null ? null : now + minutes * 60_000, created_by: actor.id, created_at: now,
        });
        deps.audit.record(actor, { action: "visitor.block", targetType: "ip", targetId: text, detail: { blockId: created.id, mode, reason, expiresAt: created.expires_at, siteId: created.site_id } });
        return created;
      }).immediate();
      ranges.push({ row, cidr });
      // Visitors already on the site from that range learn at once (the realtime layer knows their addresses).
      deps.events.publish("care.range_blocked", { block: row });
      return row;
    },

    /** Lifts a block; lifting one already lifted (or expired) changes nothing and says so. */
    lift(actor: Actor, blockId: number) {
      const row = repo.blockById(blockId);
      if (!row) throw notFound("屏蔽记录不存在 / block not found");
      const now = deps.clock.now();
      const lifted = deps.db.transaction(() => {
        if (!repo.liftBlock(row.id, actor.id, now)) return false;
        deps.audit.record(actor, { action: "visitor.unblock", targetType: row.visitor_id ? "visitor" : "ip", targetId: row.visitor_id ?? row.ip_cidr ?? "", detail: { blockId: row.id, mode: row.mode } });
        return true;
      }).immediate();
      forget(row);
      if (lifted && row.visitor_id !== null) {
        const siteId = row.site_id ?? deps.visitors.get(row.visitor_id)?.site_id ?? 0;
        deps.events.publish("care.unblocked", { siteId, visitorId: row.visitor_id, blockId: row.id });
        deps.events.publish("visitor.updated", { siteId, visitorId: row.visitor_id });
      }
      if (lifted && row.visitor_id === null) deps.events.publish("care.range_lifted", { block: row });
      return { block: repo.blockById(row.id)!, lifted };
    },
  };
}
export type BlocksService = ReturnType<typeof createBlocksService>;
