import type { Database } from "bun:sqlite";
import type { Actor, AuditService } from "../audit/service.ts";
import { invalid, notFound } from "../platform/errors.ts";
import type { CareRepo } from "./repo.ts";
import { MAX_TOPIC_NAME, type TopicRow } from "./model.ts";

/**
 * Chat topics (A12): the list admins keep for evaluating conversations. Topics are disabled
 * rather than deleted, so evaluations that name one keep their meaning.
 */
export function createTopicsService(deps: { db: Database; audit: AuditService; repo: CareRepo }) {
  const { repo } = deps;

  function checkName(raw: unknown, exceptId?: number): string {
    const name = typeof raw === "string" ? raw.trim().replace(/\s+/g, " ") : "";
    if (!name) throw invalid("请填写话题名称 / enter a topic name", "name");
    if (name.length > MAX_TOPIC_NAME) throw invalid(`话题名称最多 ${MAX_TOPIC_NAME} 字 / a topic name has at most ${MAX_TOPIC_NAME} characters`, "name");
    const same = repo.topicByName(name);
    if (same && same.id !== exceptId) throw invalid("已有同名话题 / a topic with this name exists", "name");
    return name;
  }
  const mustGet = (id: number) => {
    const t = repo.topicById(id);
    if (!t) throw notFound("话题不存在 / topic not found");
    return t;
  };
  const tx = <T>(fn: () => T) => deps.db.transaction(fn).immediate();

  return {
    list: () => repo.topics(),
    enabled: () => repo.topics().filter((t) => !t.disabled),
    get: (id: number) => repo.topicById(id),
    create(actor: Actor, raw: unknown): TopicRow {
      const name = checkName(raw);
      return tx(() => {
        const t = repo.insertTopic(name);
        deps.audit.record(actor, { action: "topic.create", targetType: "topic", targetId: t.id, detail: { name } });
        return t;
      });
    },
    rename(actor: Actor, id: number, raw: unknown) {
      const t = mustGet(id);
      const name = checkName(raw, id);
      if (name === t.name) return t;
      tx(() => {
        repo.renameTopic(id, name);
        deps.audit.record(actor, { action: "topic.rename", targetType: "topic", targetId: id, detail: { from: t.name, to: name } });
      });
      return repo.topicById(id)!;
    },
    setDisabled(actor: Actor, id: number, disabled: boolean) {
      mustGet(id);
      tx(() => {
        repo.setTopicDisabled(id, disabled);
        deps.audit.record(actor, { action: disabled ? "topic.disable" : "topic.enable", targetType: "topic", targetId: id });
      });
      return repo.topicById(id)!;
    },
    /** Moves a topic one place up or down; positions are renumbered 1..n in the same transaction. */
    move(actor: Actor, id: number, direction: "up" | "down") {
      mustGet(id);
      tx(() => {
        const list = repo.topics();
        const i = list.findIndex((t) => t.id === id);
        const j = direction === "up" ? i - 1 : i + 1;
        if (j < 0 || j >= list.length) return;
        [list[i], list[j]] = [list[j], list[i]];
        list.forEach((t, n) => repo.setTopicPosition(t.id, n + 1));
        deps.audit.record(actor, { action: "topic.move", targetType: "topic", targetId: id, detail: { direction } });
      });
      return repo.topics();
    },
  };
}
export type TopicsService = ReturnType<typeof createTopicsService>;
