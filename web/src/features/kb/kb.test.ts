import { describe, expect, it } from "bun:test";
import { missingKeys, t } from "../../lib/i18n.ts";
import "./strings.ts";
import { sections, type Item } from "./model.ts";

/** The feature's strings exist in both languages; results are cut into scope/folder sections. */
const item = (id: number, scope: Item["scope"], group_id: number | null, folder_id: number | null): Item => ({
  id, kind: "reply", scope, group_id, folder_id, title: `t${id}`, body: "", shortcut: null, url: null, file_name: null, file_size: null, position: id,
});

describe("canned replies in the console", () => {
  it("has every string in Chinese and English", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("kb."))).toEqual([]);
  });

  it("groups results by scope, group and folder in server order", () => {
    const items = [item(1, "company", null, null), item(2, "company", null, 7), item(3, "company", null, 7), item(4, "group", 3, null), item(5, "personal", null, null)];
    const s = sections(items, [{ id: 7, scope: "company", group_id: null, owner_id: null, name: "问候", position: 0 }], [{ id: 3, name: "销售" }]);
    expect(s.map((x) => [x.label, x.items.map((i) => i.id)])).toEqual([
      [`${t("kb.company")} / ${t("kb.unfiled")}`, [1]],
      [`${t("kb.company")} / 问候`, [2, 3]],
      [`${t("kb.group")} · 销售 / ${t("kb.unfiled")}`, [4]],
      [`${t("kb.personal")} / ${t("kb.unfiled")}`, [5]],
    ]);
    expect(t("kb.company")).toBe("公司");
  });
});
