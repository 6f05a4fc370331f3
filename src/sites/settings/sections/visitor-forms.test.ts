import { describe, expect, it } from "bun:test";
import { AppError } from "../../../platform/errors.ts";
import type { SectionContext } from "../section.ts";
import { parsePrechat, prechatDefaults, prechatFormValues, prechatSection, prechatWidget } from "./prechat.ts";
import { parseSatisfaction, satisfactionDefaults, satisfactionFormValues } from "./satisfaction.ts";
import { leaveFormDefaults, leaveFormValues, parseLeaveForm } from "./leave-form.ts";
import { parseQuickTags, quickTagsFormValues } from "./quick-tags.ts";
import { assignIds, pickText } from "./form-parts.ts";
import { emptyState } from "../../../platform/forms.ts";

/** A site without a department whose entry may use groups 3 (Sales) and 4 (Support). */
const ctx = {
  siteId: 1,
  services: { sites: { get: () => ({ id: 1 }), entry: { offeredGroups: () => [{ id: 3, name: "Sales" }, { id: 4, name: "Support" }] } }, groups: { list: () => [] } },
} as unknown as SectionContext;

/** The AppError's field, or "no error". */
function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.field ?? "(no field)";
    throw e;
  }
  return "no error";
}

describe("pre-chat form section", () => {
  const base = { enabled: "1", name_shown: "1", name_required: "1", email_shown: "1", qt_shown: "1", qt_required: "1", qt_0_label_zhCN: "售前", qt_0_label_en: "Sales", qt_0_group: "3", qt_1_label_zhCN: "售后", qt_1_group: "" };

  it("parses fields, question types bound to groups and custom fields, and redraws the same form", () => {
    const v = parsePrechat({ ...base, cf_0_label_zhCN: "订单号", cf_0_type: "text", cf_0_shown: "1", cf_0_required: "1", cf_1_label_en: "Product", cf_1_type: "select", cf_1_options: "A\nB\n\nA\n", cf_1_shown: "1" }, ctx);
    expect(v.enabled).toBe(true);
    expect(v.fields.name).toEqual({ shown: true, required: true });
    expect(v.fields.phone).toEqual({ shown: false, required: false });
    expect(v.questionType.options.map((o) => [o.id, o.label["zh-CN"], o.label.en, o.groupId])).toEqual([["o1", "售前", "Sales", 3], ["o2", "售后", "", null]]);
    expect(v.custom.map((c) => [c.id, c.type, c.options, c.required])).toEqual([["c1", "text", [], true], ["c2", "select", ["A", "B"], false]]);
    expect(parsePrechat(prechatFormValues(v), ctx)).toEqual(v);
  });

  it("keeps the ids rows carried back, so a renamed or reordered option keeps its meaning", () => {
    const v = parsePrechat({ ...base, qt_0_id: "o7", qt_1_id: "o7", qt_2_label_ja: "其他", qt_2_id: "junk" }, ctx);
    expect(v.questionType.options.map((o) => o.id)).toEqual(["o7", "o1", "o2"]);
    expect(assignIds(["o2", undefined, "o1"], "o")).toEqual(["o2", "o3", "o1"]);
  });

  it("drops rows whose labels are all empty", () => {
    const v = parsePrechat({ ...base, qt_5_label_zhCN: "", cf_0_label_zhCN: "", cf_0_type: "select" }, ctx);
    expect(v.questionType.options).toHaveLength(2);
    expect(v.custom).toEqual([]);
  });

  it("refuses bad settings with the field to mark", () => {
    expect(fieldOf(() => parsePrechat({ ...base, phone_required: "1" }, ctx))).toBe("phone_required");
    expect(fieldOf(() => parsePrechat({ ...base, qt_1_group: "99" }, ctx))).toBe("qt_1_group");
    expect(fieldOf(() => parsePrechat({ ...base, qt_1_group: "x" }, ctx))).toBe("qt_1_group");
    expect(fieldOf(() => parsePrechat({ ...base, qt_2_group: "4" }, ctx))).toBe("qt_2_label_zhCN");
    expect(fieldOf(() => parsePrechat({ enabled: "1", qt_shown: "1" }, ctx))).toBe("qt_shown");
    expect(fieldOf(() => parsePrechat({ enabled: "1" }, ctx))).toBe("enabled");
    expect(fieldOf(() => parsePrechat({ ...base, cf_0_label_en: "Size", cf_0_type: "select", cf_0_shown: "1" }, ctx))).toBe("cf_0_options");
    expect(fieldOf(() => parsePrechat({ ...base, cf_0_label_en: "Size", cf_0_type: "radio" }, ctx))).toBe("cf_0_type");
    expect(fieldOf(() => parsePrechat({ ...base, cf_0_label_en: "x".repeat(41) }, ctx))).toBe("cf_0_label_en");
    expect(fieldOf(() => parsePrechat({ ...base, intro_ko: "a\u0001" }, ctx))).toBe("intro_ko");
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`cf_${i}_label_en`, `F${i}`]));
    expect(fieldOf(() => parsePrechat({ ...base, ...many }, ctx))).toBe("cf_10_label_zhCN");
    expect(fieldOf(() => parsePrechat(base, ctx))).toBe("no error");
  });

  it("a form that is off may be empty; the defaults parse back to themselves", () => {
    expect(parsePrechat({}, ctx).enabled).toBe(false);
    expect(parsePrechat(prechatFormValues(prechatDefaults()), ctx)).toEqual(prechatDefaults());
  });

  it("widgets get labels and flags but no group ids, and only shown custom fields", () => {
    const v = parsePrechat({ ...base, cf_0_label_en: "Hidden", cf_1_label_en: "Shown", cf_1_shown: "1" }, ctx);
    const w = prechatWidget(v);
    expect(JSON.stringify(w)).not.toContain("groupId");
    expect(w.custom.map((c) => c.label.en)).toEqual(["Shown"]);
  });

  it("draws the filled rows plus blank ones, with errors next to their field", () => {
    const s = emptyState(prechatFormValues(parsePrechat(base, ctx)));
    s.errors.qt_1_group = "bad group";
    const out = prechatSection.fields(s, ctx).value;
    expect(out).toContain('name="qt_3_label_zhCN"');
    expect(out).not.toContain('name="qt_4_label_zhCN"');
    expect(out).toMatch(/name="qt_1_group" aria-invalid="true"/);
    expect(out).toContain("bad group");
    expect(out).toContain('<option value="3" selected>Sales</option>');
  });
});

describe("satisfaction section", () => {
  it("offers the chosen levels, best first, with labels and required comments", () => {
    const v = parseSatisfaction({ ask_at_end: "1", l5_on: "1", l5_label_en: "Great", l3_on: "1", l1_on: "1", l1_comment: "1" });
    expect(v.askAtEnd).toBe(true);
    expect(v.levels.map((l) => [l.value, l.label.en, l.commentRequired])).toEqual([[5, "Great", false], [3, "", false], [1, "", true]]);
    expect(parseSatisfaction(satisfactionFormValues(v))).toEqual(v);
    expect(parseSatisfaction(satisfactionFormValues(satisfactionDefaults()))).toEqual(satisfactionDefaults());
  });

  it("refuses fewer than two levels and a comment required on a level not offered", () => {
    expect(fieldOf(() => parseSatisfaction({ l4_on: "1" }))).toBe("l5_on");
    expect(fieldOf(() => parseSatisfaction({ l5_on: "1", l4_on: "1", l2_comment: "1" }))).toBe("l2_comment");
    expect(fieldOf(() => parseSatisfaction({ l5_on: "1", l4_on: "1", l4_label_ja: "x".repeat(21) }))).toBe("l4_label_ja");
  });
});

describe("leave form section", () => {
  it("parses shown and required fields and the contact rule; defaults are today's form", () => {
    const v = parseLeaveForm({ name_shown: "1", name_required: "1", company_shown: "1", email_shown: "1", contact_required: "1", intro_en: "Write to us" });
    expect(v.fields.name).toEqual({ shown: true, required: true });
    expect(v.fields.phone.shown).toBe(false);
    expect(v.contactRequired).toBe(true);
    expect(parseLeaveForm(leaveFormValues(v))).toEqual(v);
    expect(parseLeaveForm(leaveFormValues(leaveFormDefaults()))).toEqual(leaveFormDefaults());
  });

  it("refuses a contact rule without phone or email, and required hidden fields", () => {
    expect(fieldOf(() => parseLeaveForm({ name_shown: "1", contact_required: "1" }))).toBe("contact_required");
    expect(fieldOf(() => parseLeaveForm({ company_required: "1" }))).toBe("company_required");
  });
});

describe("quick tags section", () => {
  it("keeps filled rows in order; the question may be empty", () => {
    const v = parseQuickTags({ tag_0_label_zhCN: "价格", tag_0_question_zhCN: "请问价格是多少？", tag_1_label_en: "", tag_2_label_en: "Hours" });
    expect(v.tags.map((t) => [t.label["zh-CN"] || t.label.en, t.question["zh-CN"]])).toEqual([["价格", "请问价格是多少？"], ["Hours", ""]]);
    expect(parseQuickTags(quickTagsFormValues(v))).toEqual(v);
  });

  it("refuses a question without a label and more than ten tags", () => {
    expect(fieldOf(() => parseQuickTags({ tag_3_question_en: "Why?" }))).toBe("tag_3_label_zhCN");
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`tag_${i}_label_en`, `T${i}`]));
    expect(fieldOf(() => parseQuickTags(many))).toBe("tag_10_label_zhCN");
  });

  it("texts fall back to English, then Simplified Chinese, then any language", () => {
    const texts = { "zh-CN": "中", "zh-TW": "", en: "", ja: "日", ko: "" };
    expect(pickText(texts, "ko")).toBe("中");
    expect(pickText(texts, "ja")).toBe("日");
    expect(pickText({ ...texts, en: "E" }, "ko")).toBe("E");
  });
});
