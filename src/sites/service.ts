import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import { invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";
import { html, type Html } from "../platform/html.ts";
import { createSitesRepo, type SiteRow } from "./repo.ts";
import { canonicalOrigin, WIDGET_LANGUAGES, type SiteInput } from "./model.ts";

export type { SiteRow };

/**
 * Websites that embed the widget. Each has a public key (in the snippet) and the list of
 * origins its pages are served from; the visitor channel accepts no other origin.
 */
export function createSitesService(deps: { db: Database; clock: Clock; audit: AuditService }) {
  const repo = createSitesRepo(deps.db);
  const originCache = new Map<number, { updated: number; origins: Set<string> }>();

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

    create(input: SiteInput, actor: Actor): SiteRow {
      const v = validate(input);
      return deps.db.transaction(() => {
        const site = repo.insert({ ...v, site_key: randomToken(12), secret: randomToken(32), now: deps.clock.now() });
        deps.audit.record(actor, { action: "site.create", targetType: "site", targetId: site.id, detail: { name: v.name, origins: v.allowed_origins.split("\n") } });
        return site;
      }).immediate();
    },

    update(id: number, input: SiteInput & { disabled?: boolean }, actor: Actor): SiteRow {
      const before = mustGet(id);
      const v = validate(input);
      const disabled = input.disabled ? 1 : 0;
      deps.db.transaction(() => {
        repo.update({ id, ...v, disabled, now: deps.clock.now() });
        deps.audit.record(actor, { action: "site.update", targetType: "site", targetId: id, detail: { before: { name: before.name, origins: before.allowed_origins, language: before.default_language, disabled: before.disabled }, after: { ...v, disabled } } });
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
