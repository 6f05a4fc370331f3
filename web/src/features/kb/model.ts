import { t } from "../../lib/i18n.ts";

/** Shapes of the canned-replies API (src/kb) as the console uses them. */
export type Scope = "company" | "group" | "personal";
export interface Folder {
  id: number;
  scope: Scope;
  group_id: number | null;
  owner_id: number | null;
  name: string;
  position: number;
}
export interface Item {
  id: number;
  kind: "reply" | "link" | "file";
  scope: Scope;
  group_id: number | null;
  folder_id: number | null;
  title: string;
  body: string;
  shortcut: string | null;
  url: string | null;
  file_name: string | null;
  file_size: number | null;
  position: number;
}
export interface GroupRef {
  id: number;
  name: string;
}

export interface Section {
  key: string;
  label: string;
  items: Item[];
}

/** Items (already in server order) cut into sections by scope, group and folder, for display. */
export function sections(items: Item[], folders: Folder[], groups: GroupRef[]): Section[] {
  const out: Section[] = [];
  for (const item of items) {
    const key = `${item.scope}:${item.group_id ?? ""}:${item.folder_id ?? ""}`;
    let last = out[out.length - 1];
    if (!last || last.key !== key) {
      const scope = item.scope === "group" ? `${t("kb.group")} · ${groups.find((g) => g.id === item.group_id)?.name ?? ""}` : t(`kb.${item.scope}`);
      const folder = folders.find((f) => f.id === item.folder_id)?.name ?? t("kb.unfiled");
      last = { key, label: `${scope} / ${folder}`, items: [] };
      out.push(last);
    }
    last.items.push(item);
  }
  return out;
}
