import type { Database } from "bun:sqlite";
import type { Actor, AuditService } from "../audit/service.ts";
import { invalid, notFound } from "../platform/errors.ts";
import type { LeaveRepo } from "./repo.ts";
import { MAX_TYPE_NAME, type LeaveTypeRow } from "./model.ts";

/**
 * Leave-message types (留言类型, H2): the list admins keep at /admin/leave-types and agents pick
 * from in the inbox. Like chat topics they are disabled rather than deleted, so a message keeps
 * the type it was given; every change is audited.
 */
export function createLeaveTypes(deps: { db: Database; audit: AuditService; repo: LeaveRepo }) {
  const { repo } = deps;

  function checkName(raw: unknown, exceptId?: number): string {
    const name = typeof raw === "string" ? raw.trim().replace(/\s+/g, " ") : "";
    if (!name) throw invalid("请填写类型名称 / enter a type name", "name");
    if (name.length > MAX_TYPE_NAME) throw invalid(`类型名称最多 ${MAX_TYPE_NAME} 字 / a type name has at most ${MAX_TYPE_NAME} characters`, "name");
    const same = repo.typeByName(name);
    if (same && same.id !== exceptId) throw invalid("已有同名类型 / a type with this name exists", "name");
    return name;
  }
  const mustGet = (id: number) => {
    const t = repo.typeById(id);
    if (!t) throw notFound("留言类型不存在 / type not found");
    return t;
  };
  const tx = <T>(fn: () => T) => deps.db.transaction(fn).immediate();
  const audit = (actor: Actor, action: string, id: number, detail?: Record<string, unknown>) =>
    deps.audit.record(actor, { action: `leave_type.${action}`, targetType: "leave_type", targetId: id, detail });

  return {
    list: () => repo.types(),
    enabled: () => repo.types().filter((t) => !t.disabled),
    get: (id: number) => repo.typeById(id),
    create(actor: Actor, raw: unknown): LeaveTypeRow {
      const name = checkName(raw);
      return tx(() => {
        const t = repo.insertType(name);
        audit(actor, "create", t.id, { name });
        return t;
      });
    },
    rename(actor: Actor, id: number, raw: unknown): LeaveTypeRow {
      const t = mustGet(id);
      const name = checkName(raw, id);
      if (name === t.name) return t;
      tx(() => {
        repo.renameType(id, name);
        audit(actor, "rename", id, { from: t.name, to: name });
      });
      return repo.typeById(id)!;
    },
    setDisabled(actor: Actor, id: number, disabled: boolean): LeaveTypeRow {
      mustGet(id);
      tx(() => {
        repo.setTypeDisabled(id, disabled);
        audit(actor, disabled ? "disable" : "enable", id);
      });
      return repo.typeById(id)!;
    },
    /** Moves a type one place up or down; positions are renumbered 1..n in the same transaction. */
    move(actor: Actor, id: number, direction: "up" | "down") {
      mustGet(id);
      tx(() => {
        const list = repo.types();
        const i = list.findIndex((t) => t.id === id);
        const j = direction === "up" ? i - 1 : i + 1;
        if (j < 0 || j >= list.length) return;
        [list[i], list[j]] = [list[j], list[i]];
        list.forEach((t, n) => repo.setTypePosition(t.id, n + 1));
        audit(actor, "move", id, { direction });
      });
      return repo.types();
    },
  };
}
export type LeaveTypes = ReturnType<typeof createLeaveTypes>;
