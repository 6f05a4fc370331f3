import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import { invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";
import { html, type Html } from "../platform/html.ts";
import { createSitesRepo, type SiteEntryFields, type SiteRow } from "./repo.ts";
import { canonicalOrigin, ENTRY_CHOICES, WIDGET_LANGUAGES, type EntryChoice, type SiteInput } from "./model.ts";
import { createSiteEntry, type EntryDeps } from "./entry.ts";

export type { SiteRow };

/**
 * Websites that embed the widget. Each has a public key (in the snippet) and the list of
 * origins its pages are served from; the visitor channel accepts no other origin.
 */
export function createSitesService(deps: { db: Database; clock: Clock; audit: AuditService; events?: EventBus; departments: { get(id: number): unknown } } & EntryDeps) {
  const repo = createSitesRepo(deps.db);
  const originCache = new Map<number, { updated: number; origins: Set<string> }>();
  const entry = createSiteEntry(deps);

  const optionalId = (raw: unknown): number | null | "bad" => {
    if (raw === undefined || raw === null || raw === "") return null;
    const n = typeof raw === "number" ? raw : /^\d{1,12}$/.test(String(raw)) ? Number(raw) : NaN;
    return Number.isInteger(n) && n > 0 ? n : "bad";
  };

  /**
   * Department, binding and choice (V24, R2). A bound group or agent must exist and, when the
   * site has a department, belong to it (only that department serves the site). An entry goes to
   * a group or to one agent, never both.
   */
  function validateEntry(input: SiteInput, before: SiteEntryFields | null): SiteEntryFields {
    const pick = (k: keyof SiteEntryFields) => (input[k] === undefined && before ? before[k] : input[k]);
    const department = optionalId(pick("department_id"));
    if (department === "bad" || (department !== null && !deps.departments.get(department))) throw invalid("部门不存在 / no such department", "department_id");
    const group = optionalId(pick("route_group_id"));
    const groupRow = typeof group === "number" ? deps.groups.list().find((g) => g.id === group) : null;
    if (group === "bad" || (group !== null && !groupRow)) throw invalid("分组不存在 / no such group", "route_group_id");
    if (groupRow && department !== null && groupRow.department_id !== department) throw invalid("分组须属于本网站的部门 / the group must belong to the site's department", "route_group_id");
    const agent = optionalId(pick("route_agent_id"));
    const agentRow = typeof agent === "number" ? deps.agents.get(agent) : null;
    if (agent === "bad" || (agent !== null && (!agentRow || agentRow.disabled))) throw invalid("客服不存在或已停用 / no such enabled agent", "route_agent_id");
    if (agentRow && department !== null && agentRow.department_id !== department) throw invalid("客服须属于本网站的部门 / the agent must belong to the site's department", "route_agent_id");
    if (group !== null && agent !== null) throw invalid("入口只能绑定一个分组或一个客服，不能同时绑定 / bind the entry to a group or to an agent, not both", "route_agent_id");
    const choice = String(pick("entry_choice") ?? "none");
    if (!(ENTRY_CHOICES as readonly string[]).includes(choice)) throw invalid("访客选择须为 不提供、分组 或 客服 / the entry choice must be none, groups or agents", "entry_choice");
    return { department_id: department, route_group_id: group as number | null, route_agent_id: agent as number | null, entry_choice: choice as EntryChoice };
  }

  function validate(input: SiteInput) {
    const name = String(input.name ?? "").trim();
    if (!name || name.length > 80) throw invalid("请填写网站名称（最多 80 字） / site name is required (80 characters at most)", "name");
    const origins: string[] = [];
    for (const line of String(input.allowed_origins ?? "").split(/[\s,]+/).filter(Boolean)) {
      const o = canonicalOrigin(line);
      if (!o) throw invalid(`"${line}" 不是有效的来源（如 https://www.example.gov.cn） / is not a valid origin such as https://www.example.gov.cn`, "allowed_origins");
      if (!origins.includes(o)) origins.push(o);
    }
    if (!origins.length) throw invalid("至少填写一个允许的来源 / list at least one allowed origin", "allowed_origins");
    const language = String(input.default_language ?? "");
    if (!(WIDGET_LANGUAGES as readonly string[]).includes(language)) throw invalid(`语言须为 ${WIDGET_LANGUAGES.join("、")} 之一 / language must be one of ${WIDGET_LANGUAGES.join(", ")}`, "default_language");
    return { name, allowed_origins: origins.join("\n"), default_language: language };
  }

  function mustGet(id: number): SiteRow {
    const s = repo.byId(id);
    if (!s) throw notFound("网站不存在 / site not found");
    return s;
  }

  return {
    get: (id: number) => repo.byId(id),
    mustGet,
    byKey: (key: string) => (typeof key === "string" && key.length <= 64 ? repo.byKey(key) : null),
    list: () => repo.all(),
    /**
     * The sites an agent of this department serves: a site given to a department is served by
     * that department only, one without by everyone; an agent without a department serves all.
     */
    servedBy: (departmentId: number | null) => repo.all().filter((site) => departmentId === null || site.department_id === null || site.department_id === departmentId),

    entry,

    create(input: SiteInput, actor: Actor): SiteRow {
      const v = validate(input);
      const e = validateEntry(input, null);
      return deps.db.transaction(() => {
        const site = repo.insert({ ...v, site_key: randomToken(12), secret: randomToken(32), now: deps.clock.now() });
        repo.setEntry({ id: site.id, ...e });
        deps.audit.record(actor, { action: "site.create", targetType: "site", targetId: site.id, detail: { name: v.name, origins: v.allowed_origins.split("\n"), ...e } });
        return repo.byId(site.id)!;
      }).immediate();
    },

    update(id: number, input: SiteInput & { disabled?: boolean }, actor: Actor): SiteRow {
      const before = mustGet(id);
      const v = validate(input);
      const e = validateEntry(input, before);
      const disabled = input.disabled ? 1 : 0;
      const entryBefore = { department_id: before.department_id, route_group_id: before.route_group_id, route_agent_id: before.route_agent_id, entry_choice: before.entry_choice };
      deps.db.transaction(() => {
        repo.update({ id, ...v, disabled, now: deps.clock.now() });
        repo.setEntry({ id, ...e });
        deps.audit.record(actor, { action: "site.update", targetType: "site", targetId: id, detail: { before: { name: before.name, origins: before.allowed_origins, language: before.default_language, disabled: before.disabled, ...entryBefore }, after: { ...v, disabled, ...e } } });
      }).immediate();
      originCache.delete(id);
      deps.events?.publish("site.changed", { siteId: id });
      return repo.byId(id)!;
    },

    /**
     * V25: a new secret for signing member identities. Claims signed with the old one stop being
     * accepted at once; the audit entry names the rotation, never a secret.
     */
    rotateSecret(id: number, actor: Actor): SiteRow {
      mustGet(id);
      deps.db.transaction(() => {
        repo.setSecret(id, randomToken(32), deps.clock.now());
        deps.audit.record(actor, { action: "site.secret_rotate", targetType: "site", targetId: id, detail: {} });
      }).immediate();
      originCache.delete(id);
      return repo.byId(id)!;
    },

    /** Whether a request's Origin header names one of the site's allowed origins. */
    originAllowed(site: SiteRow, origin: string | null): boolean {
      if (!origin) return false;
      let cached = originCache.get(site.id);
      if (!cached || cached.updated !== site.updated_at) {
        cached = { updated: site.updated_at, origins: new Set(site.allowed_origins.split("\n").filter(Boolean)) };
        originCache.set(site.id, cached);
      }
      return cached.origins.has(origin.replace(/\/+$/, "").toLowerCase()) || cached.origins.has(origin);
    },

    /** The one line a site pastes into its pages. */
    snippet(site: SiteRow, baseUrl: string): Html {
      return html`<script async src="${baseUrl.replace(/\/+$/, "")}/widget.js?site=${site.site_key}" charset="utf-8"></script>`;
    },
  };
}
export type SitesService = ReturnType<typeof createSitesService>;
