import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError, invalid, notFound } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { emptyState } from "./forms.ts";
import { cannedListPage, editCannedPage, itemValues, newCannedPage } from "./canned-pages.ts";
import type { Who } from "../kb/model.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  created: "已创建。 Created.",
  saved: "已保存。 Saved.",
  deleted: "已删除。 Deleted.",
  imported: "已导入。 Imported.",
};
const noticeFor = (code: string | undefined) => (code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** A validation error from the service (422/409 with its field), or null for anything else. */
function formError(e: unknown): { field: string; message: string } | null {
  return e instanceof AppError && (e.status === 422 || e.status === 409) ? { field: e.field ?? "title", message: e.message } : null;
}

const FORM_FIELDS = ["kind", "scope", "group_id", "folder_name", "title", "shortcut", "text", "url", "position"];

/** /admin/canned: company and group replies and links (canned.manage), with CSV import and export. */
export function cannedRoutes(s: Services) {
  const who = (c: AdminScope): Who => ({ ...actorOf(c), id: c.principal.agent.id, permissions: c.principal.permissions });
  const groups = () => s.groups.list().map((g) => ({ id: g.id, name: g.name }));
  const values = (c: AdminScope) => Object.fromEntries(FORM_FIELDS.map((f) => [f, field(c.body, f, f === "text" ? 4000 : 2100)]));
  const list = (c: AdminScope, o: { notice?: string; importErrors?: { row: number; field: string; message: string }[] } = {}) => {
    const all = s.kb.shared();
    return cannedListPage({ principal: c.principal, items: all.items, folders: all.folders, groups: groups(), ...o });
  };
  function sharedItem(id: number) {
    const item = s.kb.repo.item(id);
    if (!item || item.scope === "personal") throw notFound("常用语不存在 / item not found");
    return item;
  }

  return new Elysia({ name: "admin-canned" })
    .get("/admin/canned", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(list(c, { notice: noticeFor(c.query.done) }));
    })
    .get("/admin/canned/new", (ctx) => {
      const c = scopeOf(ctx);
      const kind = c.query.kind === "link" ? "link" : "reply";
      return htmlResponse(newCannedPage({ principal: c.principal, kind, groups: groups(), state: emptyState({ scope: "company", kind }) }));
    })
    .post("/admin/canned", (ctx) => {
      const c = scopeOf(ctx);
      const v = values(c);
      const kind = v.kind === "link" ? "link" : "reply";
      try {
        if (v.scope === "personal") throw invalid("此处只能维护公司和分组常用语 / only company and group items are kept here", "scope");
        s.kb.createItem(who(c), { ...v, kind });
        return see("/admin/canned?done=created");
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(newCannedPage({ principal: c.principal, kind, groups: groups(), state: { values: v, errors: { [err.field]: err.message } } }), 422);
      }
    })
    .get("/admin/canned/export.csv", (ctx) => {
      const c = scopeOf(ctx);
      const csv = s.kb.exportCsv(who(c));
      return new Response(csv, {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="canned-replies.csv"`, "cache-control": "no-store" },
      });
    })
    .post("/admin/canned/import", async (ctx) => {
      const c = scopeOf(ctx);
      const upload = (c.body as Record<string, unknown> | undefined)?.csv;
      const fail = (message: string) => postAnswer(list(c, { importErrors: [{ row: 0, field: "csv", message }] }), 422);
      if (!(upload instanceof Blob) || upload.size === 0) return fail("请选择 CSV 文件 / choose a CSV file");
      if (upload.size > MAX_CSV_BYTES) return fail("CSV 文件不能超过 2 MB / the CSV file is limited to 2 MB");
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(await upload.arrayBuffer());
      } catch {
        return fail("CSV 须为 UTF-8 编码 / the CSV file must be UTF-8");
      }
      const r = s.kb.importCsv(who(c), text);
      if (!r.ok) return postAnswer(list(c, { importErrors: r.errors }), 422);
      return see("/admin/canned?done=imported");
    })
    .get("/admin/canned/:id", (ctx) => {
      const c = scopeOf(ctx);
      const item = sharedItem(idParam(c));
      return htmlResponse(editCannedPage({ principal: c.principal, item, groups: groups(), state: emptyState(itemValues(item, s.kb.shared().folders)) }));
    })
    .post("/admin/canned/:id", (ctx) => {
      const c = scopeOf(ctx);
      const item = sharedItem(idParam(c));
      const v = values(c);
      try {
        // An empty folder field takes the item out of its folder.
        s.kb.updateItem(who(c), item.id, { title: v.title, text: v.text, shortcut: v.shortcut, url: v.url, position: v.position, folder_name: v.folder_name, folder_id: v.folder_name ? undefined : null });
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(editCannedPage({ principal: c.principal, item, groups: groups(), state: { values: v, errors: { [err.field]: err.message } } }), 422);
      }
      return see("/admin/canned?done=saved");
    })
    .post("/admin/canned/:id/delete", (ctx) => {
      const c = scopeOf(ctx);
      s.kb.removeItem(who(c), sharedItem(idParam(c)).id);
      return see("/admin/canned?done=deleted");
    });
}
