import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { departmentInScope } from "../auth/permissions.ts";
import { AppError, forbidden, invalid, notFound } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { emptyState, type FieldState } from "./forms.ts";
import { BLOCKS_PATH, blocksPage } from "./blocks-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  added: "已屏蔽。页面上已打开的挂件立即生效。 Blocked; widgets already open are affected at once.",
  lifted: "已解除屏蔽。 Unblocked.",
};
const ENDED_WINDOW_MS = 30 * 24 * 3600_000;

/** The service's field names, as this form calls them. */
const FIELD: Record<string, string> = { ipCidr: "target", expiresMinutes: "expires", mode: "mode", reason: "reason" };

/**
 * /admin/blocks (M7, visitor.block): blocks by IP, CIDR range or visitor id, hide or refuse chat,
 * with an expiry, on one site or all; unblock. The blocks service validates, writes and audits
 * (visitor.block / visitor.unblock) and tells the visitors concerned. A department-scoped holder
 * works on their department's sites only (never "all sites").
 */
export function blockRoutes(s: Services) {
  const sitesFor = (c: AdminScope) => s.sites.list().filter((site) => departmentInScope(c.principal.scope, site.department_id));
  const wholeOrg = (c: AdminScope) => c.principal.scope.kind === "all";

  function render(c: AdminScope, state: FieldState, status = 200, notice?: string) {
    const sites = sitesFor(c);
    const ids = new Set(sites.map((x) => x.id));
    const now = s.clock.now();
    const blocks = s.care.blocks.list(now - ENDED_WINDOW_MS).filter((b) => {
      const site = b.site_id ?? b.visitor_site_id;
      return site === null ? wholeOrg(c) : ids.has(site);
    });
    const body = blocksPage({ principal: c.principal, blocks, sites, allSites: wholeOrg(c), state, now, notice });
    return status === 200 ? htmlResponse(body) : postAnswer(body, status);
  }

  /** Site choice: "" = every site (whole-organisation holders only), else a site in scope. */
  function siteChoice(c: AdminScope, raw: string): number | null {
    if (raw === "") {
      if (!wholeOrg(c)) throw invalid("请选择一个网站（您只能屏蔽本部门网站的访客） / choose a site: you can block on your department's sites only", "site_id");
      return null;
    }
    const site = /^\d{1,12}$/.test(raw) ? sitesFor(c).find((x) => x.id === Number(raw)) : undefined;
    if (!site) throw invalid("请选择有效的网站 / choose a valid site", "site_id");
    return site.id;
  }

  async function add(c: AdminScope, v: Record<string, string>) {
    const expiresMinutes = v.expires === "" ? null : /^\d{1,7}$/.test(v.expires) ? Number(v.expires) : NaN;
    const input = { mode: v.mode, reason: v.reason, expiresMinutes };
    if (v.kind === "visitor") {
      const id = /^\d{1,12}$/.test(v.target) ? Number(v.target) : NaN;
      const visitor = Number.isFinite(id) ? s.visitors.get(id) : null;
      if (!visitor || !sitesFor(c).some((x) => x.id === visitor.site_id)) throw invalid("没有这个访客编号 / no visitor with this id", "target");
      if (v.site_id !== "" && Number(v.site_id) !== visitor.site_id) throw invalid("该访客不属于所选网站 / this visitor is not on the chosen site", "site_id");
      await s.care.blocks.block(actorOf(c), visitor.id, input);
    } else if (v.kind === "ip") {
      const siteId = siteChoice(c, v.site_id);
      s.care.blocks.blockRange(actorOf(c), { ipCidr: v.target, siteId, ...input });
    } else throw invalid("请选择屏蔽对象 / choose what to block by", "kind");
  }

  return new Elysia({ name: "admin-blocks" })
    .get(BLOCKS_PATH, (ctx) => {
      const c = scopeOf(ctx);
      const code = c.query.done;
      return render(c, emptyState({ kind: "ip", mode: "hide", expires: "1440", site_id: wholeOrg(c) ? "" : String(sitesFor(c)[0]?.id ?? "") }), 200, code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);
    })
    .post(BLOCKS_PATH, async (ctx) => {
      const c = scopeOf(ctx);
      const v = {
        kind: field(c.body, "kind", 20), target: field(c.body, "target", 200).trim(), site_id: field(c.body, "site_id", 20),
        mode: field(c.body, "mode", 20), expires: field(c.body, "expires", 20), reason: field(c.body, "reason", 400),
      };
      try {
        await add(c, v);
      } catch (e) {
        if (!(e instanceof AppError && e.status === 422)) throw e;
        return render(c, { values: v, errors: { [FIELD[e.field ?? ""] ?? e.field ?? "target"]: e.message } }, 422);
      }
      return see(`${BLOCKS_PATH}?done=added`);
    })
    .post(`${BLOCKS_PATH}/:id/lift`, (ctx) => {
      const c = scopeOf(ctx);
      const block = s.care.blocks.get(idParam(c));
      const site = block ? (block.site_id ?? (block.visitor_id !== null ? s.visitors.get(block.visitor_id)?.site_id ?? null : null)) : null;
      const inScope = block && (site === null ? wholeOrg(c) : sitesFor(c).some((x) => x.id === site));
      if (!block) throw notFound("屏蔽记录不存在 / block not found");
      if (!inScope) throw forbidden("无权解除该屏蔽 / you may not lift this block");
      s.care.blocks.lift(actorOf(c), block.id);
      return see(`${BLOCKS_PATH}?done=lifted`);
    });
}
