import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";

/**
 * The visitor forms of a site (V7 pre-chat form, V13 / M11 satisfaction levels, M11 leave-form
 * fields, V21 quick tags): saved through the settings pages with errors by the field, sent to
 * widgets in `config`, and enforced by the server on the visitor channel whatever the widget did.
 */
const HOST = "http://shop.example.test";
const actor = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function adminBrowser(t: TestApp) {
  await t.createAgent("root", "admin");
  const b = t.browser();
  expect((await b.signIn("root")).status).toBe(303);
  return b;
}

async function world() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop());
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, actor);
  const sales = t.services.groups.create(actor, { name: "售前 Sales", position: 0, member_ids: [] });
  const support = t.services.groups.create(actor, { name: "售后 Support", position: 1, member_ids: [] });
  const root = await adminBrowser(t);
  /** Saves a settings section through its admin form, as an admin would. */
  async function save(section: string, form: Record<string, string>) {
    await root.get(`/admin/sites/${site.id}/settings/${section}`);
    const r = await root.post(`/admin/sites/${site.id}/settings/${section}`, form);
    expect(r.status).toBe(303);
  }
  async function visitor() {
    const v = await FrameClient.open(`${server.base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST });
    stops.push(() => v.close());
    const id = (t.db.query("SELECT id FROM visitors WHERE public_id = ?").get(v.frames[0].visitorId) as { id: number }).id;
    return Object.assign(v, { id });
  }
  async function agent(username = "alice", role = "agent") {
    const created = await t.createAgent(username, role);
    const d = await agentDriver(server.base, username);
    stops.push(d.close);
    return { ...d, id: created.id };
  }
  /** Sends a frame that expects an ack or an error, and returns that answer. */
  async function answer(v: FrameClient, frame: Record<string, unknown>) {
    const c = cid();
    v.send({ ...frame, cid: c });
    return v.next((f) => (f.type === "ack" || f.type === "error") && f.cid === c, `answer to ${frame.type}`);
  }
  return { t, site, sales, support, root, save, visitor, agent, answer };
}

const PRECHAT_FORM = (salesId: number) => ({
  enabled: "1", intro_en: "Tell us who you are",
  name_shown: "1", name_required: "1", email_shown: "1", phone_shown: "1", company_shown: "1",
  qt_shown: "1", qt_required: "1", qt_0_label_zhCN: "购买咨询", qt_0_label_en: "Buying", qt_0_group: String(salesId), qt_1_label_en: "Other", qt_1_group: "",
  cf_0_label_zhCN: "订单号", cf_0_type: "text", cf_0_shown: "1", cf_0_required: "1",
  cf_1_label_en: "Product", cf_1_type: "select", cf_1_options: "Card\nLoan", cf_1_shown: "1",
});

describe("pre-chat form (V7)", () => {
  it("the admin page refuses a bad form beside the field and saves a good one; widgets get it without the groups", async () => {
    const w = await world();
    await w.root.get(`/admin/sites/${w.site.id}/settings/prechat`);
    let r = await w.root.post(`/admin/sites/${w.site.id}/settings/prechat`, { ...PRECHAT_FORM(w.sales.id), qt_1_group: "99999" });
    expect(r.status).toBe(422);
    let page = await r.text();
    expect(page).toMatch(/name="qt_1_group"[^>]*aria-invalid="true"/);
    expect(page).toContain("所选分组不存在");
    expect(page).toContain('value="购买咨询"'); // what the admin typed is kept
    r = await w.root.post(`/admin/sites/${w.site.id}/settings/prechat`, { ...PRECHAT_FORM(w.sales.id), phone_shown: "", phone_required: "1" });
    expect(r.status).toBe(422);
    expect(await r.text()).toMatch(/name="phone_required"[^>]*aria-invalid="true"/);
    expect(w.t.db.query("SELECT COUNT(*) AS n FROM site_settings").get()).toEqual({ n: 0 });

    await w.save("prechat", PRECHAT_FORM(w.sales.id));
    page = await (await w.root.get(`/admin/sites/${w.site.id}/settings/prechat`)).text();
    expect(page).toContain(`<option value="${w.sales.id}" selected>售前 Sales</option>`);
    const v = await w.visitor();
    const config = v.frames[0].config.prechat;
    expect(config.enabled).toBe(true);
    expect(config.questionType.options).toEqual([{ id: "o1", label: expect.objectContaining({ "zh-CN": "购买咨询", en: "Buying" }) }, { id: "o2", label: expect.objectContaining({ en: "Other" }) }]);
    expect(JSON.stringify(config)).not.toContain("groupId");
    expect(config.custom.map((c: any) => c.id)).toEqual(["c1", "c2"]);
  });

  it("refuses a first message without the required answers, naming the field, and writes nothing", async () => {
    const w = await world();
    await w.save("prechat", PRECHAT_FORM(w.sales.id));
    const v = await w.visitor();
    const ok = { name: "王先生", email: "wang@example.cn", phone: "", company: "", questionType: "o1", custom: { c1: "A-1001", c2: "Loan" } };
    const cases: [unknown, string][] = [
      [undefined, "prechat"],
      [{ ...ok, name: " " }, "prechat.name"],
      [{ ...ok, email: "wang@" }, "prechat.email"],
      [{ ...ok, phone: "call me" }, "prechat.phone"],
      [{ ...ok, questionType: "" }, "prechat.questionType"],
      [{ ...ok, questionType: "o9" }, "prechat.questionType"],
      [{ ...ok, custom: { c2: "Loan" } }, "prechat.custom.c1"],
      [{ ...ok, custom: { c1: "A", c2: "Mortgage" } }, "prechat.custom.c2"],
      [{ ...ok, name: "x".repeat(65) }, "prechat.name"],
    ];
    for (const [prechat, field] of cases) {
      const r = await w.answer(v, { type: "send", body: "hello", prechat });
      expect(r).toMatchObject({ type: "error", code: "invalid", field });
      expect(r.message).toContain(" / ");
    }
    expect(w.t.db.query("SELECT COUNT(*) AS n FROM conversations").get()).toEqual({ n: 0 });
    expect(w.t.services.visitors.get(v.id)!.name).toBe("");
  });

  it("the question type routes the chat to its group; the answers go to the visitor and the chat, and the agent sees them", async () => {
    const w = await world();
    await w.save("prechat", PRECHAT_FORM(w.sales.id));
    const alice = await w.agent("alice", "supervisor");
    const v = await w.visitor();
    const r = await w.answer(v, { type: "send", body: "我想办卡", prechat: { name: "王先生", email: "wang@example.cn", phone: "138 0013 8000", company: "", questionType: "o1", custom: { c1: "A-1001", c2: "Card", c9: "ignored" } } });
    expect(r.type).toBe("ack");
    const conversation = w.t.services.chat.get(r.conversationId)!;
    expect(conversation.group_id).toBe(w.sales.id);
    expect(w.t.services.visitors.get(v.id)).toMatchObject({ name: "王先生", email: "wang@example.cn", phone: "138 0013 8000" });
    // The chat's first message carries the name given in the form.
    expect(w.t.services.chat.messagesAfter(conversation.id, 0)[0].sender_name).toBe("王先生");
    // Later messages need no form.
    expect((await w.answer(v, { type: "send", body: "还在吗？" })).type).toBe("ack");

    const panel = await alice.api("GET", `/api/visitors/${v.id}`);
    expect(panel.status).toBe(200);
    expect(panel.body.visitor).toMatchObject({ name: "王先生", email: "wang@example.cn" });
    expect(panel.body.prechat).toEqual([{ conversationId: conversation.id, at: expect.any(Number), questionType: "购买咨询", groupId: w.sales.id, custom: [{ id: "c1", label: "订单号", value: "A-1001" }, { id: "c2", label: "Product", value: "Card" }] }]);

    // An option without a group keeps the site's usual route; an unchanged profile field stays.
    await w.t.services.chat.end(conversation.id, "visitor");
    const again = await w.answer(v, { type: "send", body: "another question", prechat: { name: "王先生", questionType: "o2", custom: { c1: "B-2" } } });
    expect(w.t.services.chat.get(again.conversationId)!.group_id).toBeNull();
    expect(w.t.services.visitors.get(v.id)!.email).toBe("wang@example.cn");
    expect((await alice.api("GET", `/api/visitors/${v.id}`)).body.prechat.map((p: any) => p.questionType)).toEqual(["Other", "购买咨询"]);
  });

  it("without the form the first message needs nothing, and answers sent anyway are ignored", async () => {
    const w = await world();
    const v = await w.visitor();
    expect(v.frames[0].config.prechat.enabled).toBe(false);
    const r = await w.answer(v, { type: "send", body: "hi", prechat: { name: "Eve", questionType: "o1" } });
    expect(r.type).toBe("ack");
    expect(w.t.services.visitors.get(v.id)!.name).toBe("");
    expect(w.t.db.query("SELECT COUNT(*) AS n FROM prechat_answers").get()).toEqual({ n: 0 });
  });
});

describe("satisfaction levels (V13, M11)", () => {
  it("the site's levels are pushed to the visitor; the server takes only those levels and a comment where one is required", async () => {
    const w = await world();
    await w.root.get(`/admin/sites/${w.site.id}/settings/satisfaction`);
    const bad = await w.root.post(`/admin/sites/${w.site.id}/settings/satisfaction`, { l5_on: "1" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/name="l5_on"[^>]*aria-invalid="true"/);
    await w.save("satisfaction", { ask_at_end: "1", l5_on: "1", l5_label_en: "Great", l3_on: "1", l1_on: "1", l1_label_zhCN: "很差", l1_comment: "1" });

    const alice = await w.agent();
    const v = await w.visitor();
    expect(v.frames[0].config.satisfaction.askAtEnd).toBe(true);
    const sent = await w.answer(v, { type: "send", body: "hello" });
    expect((await alice.api("POST", `/api/conversations/${sent.conversationId}/accept`)).status).toBe(200);
    const pushed = await alice.api("POST", `/api/conversations/${sent.conversationId}/push-survey`);
    expect(pushed.body.survey.levels.map((l: any) => l.value)).toEqual([5, 3, 1]);
    const frame = await v.next((f) => f.type === "survey", "survey frame");
    expect(frame.levels).toEqual([
      { value: 5, label: null, labels: expect.objectContaining({ en: "Great" }), commentRequired: false },
      { value: 3, label: null, labels: expect.objectContaining({ en: "" }), commentRequired: false },
      { value: 1, label: null, labels: expect.objectContaining({ "zh-CN": "很差" }), commentRequired: true },
    ]);

    const rate = async (level: number, comment?: string) => {
      v.send({ type: "rating", conversationId: sent.conversationId, level, comment });
      return v.nextNew((f) => f.type === "rating_saved" || f.type === "error", "rating answer");
    };
    expect(await rate(4)).toMatchObject({ type: "error", field: "level" });
    expect(await rate(1, "  ")).toMatchObject({ type: "error", field: "comment" });
    expect(w.t.db.query("SELECT COUNT(*) AS n FROM conversation_ratings").get()).toEqual({ n: 0 });
    expect(await rate(1, "waited too long")).toMatchObject({ type: "rating_saved", level: 1 });
    expect(await rate(3)).toMatchObject({ type: "rating_saved", level: 3 });
    expect(w.t.db.query("SELECT agent_id, level, comment FROM conversation_ratings").all()).toEqual([{ agent_id: alice.id, level: 3, comment: "" }]);
  });
});

describe("leave-message form fields (M11)", () => {
  it("the server asks what the site's form asks: required fields by name, the contact rule as set, hidden fields not stored", async () => {
    const w = await world();
    await w.root.get(`/admin/sites/${w.site.id}/settings/leave_form`);
    const bad = await w.root.post(`/admin/sites/${w.site.id}/settings/leave_form`, { name_shown: "1", contact_required: "1" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/name="contact_required"[^>]*aria-invalid="true"/);
    await w.save("leave_form", { name_shown: "1", name_required: "1", email_shown: "1", company_shown: "1", intro_en: "Write to us" });
    const v = await w.visitor();
    expect(v.frames[0].config.leave_form).toMatchObject({ contactRequired: false, fields: { phone: { shown: false }, company: { shown: true, required: false } }, intro: expect.objectContaining({ en: "Write to us" }) });
    expect(await w.answer(v, { type: "leave", content: "Call me" })).toMatchObject({ type: "error", field: "name" });
    expect(await w.answer(v, { type: "leave", name: "Wang" })).toMatchObject({ type: "error", field: "content" });
    const ok = await w.answer(v, { type: "leave", name: "Wang", company: "ACME", phone: "13800138000", content: "Please write back" });
    expect(ok.type).toBe("ack");
    expect(w.t.db.query("SELECT name, phone, email, company, content FROM leave_messages").all()).toEqual([{ name: "Wang", phone: "", email: "", company: "ACME", content: "Please write back" }]);
  });

  it("without settings the form is today's: one of phone and email required", async () => {
    const w = await world();
    const v = await w.visitor();
    expect(await w.answer(v, { type: "leave", content: "hi" })).toMatchObject({ type: "error", field: "phone" });
    expect((await w.answer(v, { type: "leave", content: "hi", email: "a@b.cn" })).type).toBe("ack");
  });
});

describe("quick tags (V21)", () => {
  it("reach open widgets in a config frame, and refuse a tag without a label beside the field", async () => {
    const w = await world();
    const v = await w.visitor();
    expect(v.frames[0].config.quick_tags).toEqual({ tags: [] });
    await w.root.get(`/admin/sites/${w.site.id}/settings/quick_tags`);
    const bad = await w.root.post(`/admin/sites/${w.site.id}/settings/quick_tags`, { tag_0_question_en: "Why?" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/name="tag_0_label_zhCN"[^>]*aria-invalid="true"/);
    await w.save("quick_tags", { tag_0_label_zhCN: "营业时间", tag_0_question_zhCN: "你们几点营业？", tag_1_label_en: "Fees" });
    const frame = await v.next((f) => f.type === "config" && f.config.quick_tags.tags.length === 2, "config frame");
    expect(frame.config.quick_tags.tags[0]).toEqual({ label: expect.objectContaining({ "zh-CN": "营业时间" }), question: expect.objectContaining({ "zh-CN": "你们几点营业？" }) });
  });
});
