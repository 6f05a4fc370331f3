import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { customerWorld } from "./customer-world.ts";

setDefaultTimeout(60_000);

/**
 * Customer 360 (H3) over the API: search by anything an agent may know of a customer, masked by
 * permission (X8); the 360 with profile, chats in the agent's history scope (H1) and leave
 * messages only with leave.read (H2); a verified member's visitors as one customer (V25); and
 * nothing of sites the agent does not serve (A3).
 */
describe("customer search", () => {
  it("finds a customer by name (Chinese, in part), company, phone, email, member id and name, visitor id and key", async () => {
    const w = await customerWorld();
    const wang = w.visitor(w.retailSite.id, { name: "王小明", phone: "+86 138-1234-5678", email: "wang.xm@example.cn", company: "某某银行" });
    w.member(wang, "M-10086", "王晓明会员");
    const other = w.visitor(w.retailSite.id, { name: "李雷", phone: "13900001111", email: "li@example.cn" });
    const sue = await w.agent("sue", "supervisor");
    const found = async (q: string) => (await sue.search(q)).customers.map((c) => c.visitorId);

    expect(await found("王小明")).toEqual([wang.id]);
    expect(await found("小明")).toEqual([wang.id]);
    expect(await found("某某")).toEqual([wang.id]);
    expect(await found("13812345678")).toEqual([wang.id]);
    expect(await found("1234-5678")).toEqual([wang.id]);
    expect(await found("WANG.XM@example.cn")).toEqual([wang.id]);
    expect(await found("wang.xm")).toEqual([wang.id]);
    expect(await found("M-10086")).toEqual([wang.id]);
    expect(await found("晓明会员")).toEqual([wang.id]);
    expect(await found(String(other.id))).toContain(other.id);
    expect(await found(`#${other.id}`)).toContain(other.id);
    expect(await found(other.publicId)).toEqual([other.id]);
    expect(await found("张三")).toEqual([]);
    // LIKE wildcards are literal text.
    expect(await found("%")).toEqual([]);
    expect(await found("_")).toEqual([]);

    const hit = (await sue.search("王小明")).customers[0];
    expect(hit).toMatchObject({ name: "王小明", siteName: "零售网站", phone: "+86 138-1234-5678", email: "wang.xm@example.cn", member: { memberId: "M-10086", name: "王晓明会员" }, visitors: 1 });
    expect((await sue.get("/api/customers/search?q=")).body).toEqual({ customers: [], next: null });
    expect((await sue.get(`/api/customers/search?q=${"x".repeat(101)}`)).status).toBe(422);
  });

  it("finds by the name and contact left in a leave message, with leave.read only", async () => {
    const w = await customerWorld();
    const v = w.visitor(w.retailSite.id);
    w.leave(v, "请回电", { name: "赵女士", phone: "13700007777" });
    w.role("reader", ["customers.read", "history.own"]);
    const amy = await w.agent("amy", "agent");
    const rex = await w.agent("rex", "reader");
    expect((await amy.search("赵女士")).customers.map((c) => c.visitorId)).toEqual([v.id]);
    expect((await amy.search("13700007777")).customers.map((c) => c.visitorId)).toEqual([v.id]);
    expect((await rex.search("赵女士")).customers).toEqual([]);
  });

  it("masks phone and email without visitor.contact; whole values still find the customer, fragments do not", async () => {
    const w = await customerWorld();
    const wang = w.visitor(w.retailSite.id, { name: "王小明", phone: "13812345678", email: "wang@example.cn" });
    const amy = await w.agent("amy", "agent");
    const [hit] = (await amy.search("王小明")).customers;
    expect(hit.phone).toBe("138****5678");
    expect(hit.email).toBe("w***@example.cn");
    expect(JSON.stringify(await amy.search("王小明"))).not.toContain("13812345678");
    expect((await amy.search("13812345678")).customers.map((c) => c.visitorId)).toEqual([wang.id]);
    expect((await amy.search("+86 138 1234 5678")).customers.map((c) => c.visitorId)).toEqual([wang.id]);
    expect((await amy.search("13812345678")).customers[0].phone).toBe("138****5678");
    expect((await amy.search("wang@example.cn")).customers.map((c) => c.visitorId)).toEqual([wang.id]);
    // No probing a number digit by digit, or an address letter by letter.
    expect((await amy.search("1381234")).customers).toEqual([]);
    expect((await amy.search("wang@")).customers).toEqual([]);
  });

  it("lists only visitors of the sites the agent serves", async () => {
    const w = await customerWorld();
    w.visitor(w.retailSite.id, { name: "陈客户 retail" });
    w.visitor(w.corporateSite.id, { name: "陈客户 corporate" });
    w.visitor(w.commonSite.id, { name: "陈客户 common" });
    const amy = await w.agent("amy", "agent", w.retail.id);
    const ben = await w.agent("ben", "agent", w.corporate.id);
    const cal = await w.agent("cal", "agent");
    const names = async (a: typeof amy) => (await a.search("陈客户")).customers.map((c) => c.name).sort();
    expect(await names(amy)).toEqual(["陈客户 common", "陈客户 retail"]);
    expect(await names(ben)).toEqual(["陈客户 common", "陈客户 corporate"]);
    expect(await names(cal)).toEqual(["陈客户 common", "陈客户 corporate", "陈客户 retail"]);
    // A department admin without a department reaches nothing (fail closed, M1).
    const dora = await w.agent("dora", "department_admin");
    expect(await names(dora)).toEqual([]);
  });

  it("pages newest first and shows a member's visitors as one customer", async () => {
    const w = await customerWorld();
    const ids = [1, 2, 3].map((i) => w.visitor(w.retailSite.id, { name: `孙先生${i}` }).id);
    const phone = w.visitor(w.retailSite.id, { name: "孙先生 手机" });
    const laptop = w.visitor(w.retailSite.id, { name: "孙先生 电脑" });
    w.member(phone, "M-7", "孙会员");
    w.member(laptop, "M-7", "孙会员");
    const sue = await w.agent("sue", "supervisor");
    const all = await sue.search("孙先生");
    expect(all.customers.map((c) => c.visitorId)).toEqual([laptop.id, ...ids.reverse()]);
    expect(all.customers[0]).toMatchObject({ visitors: 2, member: { memberId: "M-7" } });
    const first = await sue.search("孙先生", "&limit=2");
    expect(first.customers).toHaveLength(2);
    expect(first.next).toBe(2);
    const second = await sue.search("孙先生", `&limit=2&offset=${first.next}`);
    expect(second.customers.map((c) => c.visitorId)).toEqual(all.customers.slice(2).map((c) => c.visitorId));
    expect(second.next).toBeNull();
  });

  it("needs customers.read", async () => {
    const w = await customerWorld();
    const v = w.visitor(w.retailSite.id, { name: "王小明" });
    const audrey = await w.agent("audrey", "auditor");
    expect((await audrey.get("/api/customers/search?q=王")).status).toBe(403);
    expect((await audrey.profile(v.id)).status).toBe(403);
  });
});

describe("customer 360", () => {
  it("shows the profile, every chat with its details and every leave message", async () => {
    const w = await customerWorld();
    const amy = await w.agent("amy", "agent");
    const v = w.visitor(w.retailSite.id, { name: "王小明", phone: "13812345678", email: "wang@example.cn", company: "某局", note: "VIP", visits: 3 });
    w.visit(v, { province: "广东", city: "深圳", device: "手机", browser: "Chrome", os: "Android", engine: "百度", keyword: "开户 流程", ip: "203.0.113.7" });
    w.visit(v, { province: "广东", city: "广州", device: "电脑", browser: "Edge", os: "Windows" });
    const first = w.chat(v, amy.id, ["你好，我想开户", "您好，请问开什么户？"], { rating: 5, topic: "开户", verdict: "valuable" });
    const second = w.chat(v, amy.id, ["<b>还在吗</b>"]);
    w.prechat(v, first, "个人业务", [{ id: "acct", label: "账户类型", value: "储蓄" }]);
    w.block(v, "辱骂客服", true);
    const note = w.leave(v, "请尽快回电，谢谢", { name: "王小明", phone: "13812345678", email: "wang@example.cn" });

    const r = await amy.profile(v.id);
    expect(r.status).toBe(200);
    const p = r.body;
    expect(p.subject).toEqual({ kind: "visitor", visitorId: v.id });
    expect(p.card).toBeNull();
    expect(p.followUps).toEqual([]);
    expect(p.access).toEqual({ chats: true, leaveMessages: true });
    expect(p.profile).toMatchObject({
      visitorId: v.id, siteName: "零售网站", name: "王小明", phone: "138****5678", email: "w***@example.cn", company: "某局", note: "VIP", visitCount: 3,
      region: "中国 广东 广州", device: "电脑", browser: "Edge", os: "Windows", ip: "203.0.*.*", member: null,
    });
    expect(p.profile.firstSeenAt).toBeLessThan(p.profile.lastSeenAt);
    expect(p.profile.keywords.map((k: any) => k.keyword)).toEqual(["开户 流程"]);
    expect(p.profile.prechat).toEqual([expect.objectContaining({ conversationId: first, questionType: "个人业务", custom: [{ id: "acct", label: "账户类型", value: "储蓄" }] })]);
    expect(p.profile.blocks).toEqual([expect.objectContaining({ mode: "refuse_chat", reason: "辱骂客服", active: false })]);
    expect(p.chats.map((c: any) => c.id)).toEqual([second, first]);
    expect(p.chats[1]).toMatchObject({ status: "ended", agentName: "amy name", topic: "开户", verdict: "valuable", rating: { level: 5 }, messageCount: 2, firstMessage: "你好，我想开户" });
    expect(p.chats[0]).toMatchObject({ rating: null, topic: "", messageCount: 1, firstMessage: "<b>还在吗</b>" });
    expect(p.leaveMessages).toEqual([expect.objectContaining({ id: note, content: "请尽快回电，谢谢", phone: "138****5678", email: "w***@example.cn", ip: "198.51.*.*" })]);
    expect(JSON.stringify(p)).not.toContain("13812345678");

    const sue = await w.agent("sue", "supervisor");
    const full = (await sue.profile(v.id)).body;
    expect(full.profile).toMatchObject({ phone: "13812345678", email: "wang@example.cn", ip: "203.0.113.7" });
    expect(full.leaveMessages[0]).toMatchObject({ phone: "13812345678", ip: "198.51.100.23" });
  });

  it("merges the chats and leave messages of every visitor verified as the same member on that site", async () => {
    const w = await customerWorld();
    const sue = await w.agent("sue", "supervisor");
    const phone = w.visitor(w.retailSite.id, { name: "孙先生" });
    const laptop = w.visitor(w.retailSite.id);
    const stranger = w.visitor(w.retailSite.id);
    const elsewhere = w.visitor(w.commonSite.id);
    for (const v of [phone, laptop]) w.member(v, "M-7", "孙会员");
    w.member(elsewhere, "M-7", "另一个网站的 M-7");
    const a = w.chat(phone, sue.id, ["手机上的问题"]);
    const b = w.chat(laptop, sue.id, ["电脑上的问题"]);
    w.chat(stranger, sue.id, ["别人的问题"]);
    w.chat(elsewhere, sue.id, ["另一网站"]);
    w.leave(laptop, "电脑上的留言");
    w.leave(stranger, "别人的留言");

    for (const anchor of [phone, laptop]) {
      const p = (await sue.profile(anchor.id)).body;
      expect(p.profile.member).toMatchObject({ memberId: "M-7", name: "孙会员" });
      expect(p.visitors.map((x: any) => x.id).sort()).toEqual([phone.id, laptop.id].sort());
      expect(p.chats.map((c: any) => c.id).sort()).toEqual([a, b].sort());
      expect(p.leaveMessages.map((m: any) => m.content)).toEqual(["电脑上的留言"]);
    }
    const lone = (await sue.profile(stranger.id)).body;
    expect(lone.visitors.map((x: any) => x.id)).toEqual([stranger.id]);
    expect(lone.chats).toHaveLength(1);
  });

  it("lists only the chats of the agent's history scope: own, department, all, or none", async () => {
    const w = await customerWorld();
    const v = w.visitor(w.commonSite.id, { name: "周客户" });
    w.role("lookup", ["customers.read", "leave.read"]);
    const amy = await w.agent("amy", "agent", w.retail.id);
    const ann = await w.agent("ann", "agent", w.retail.id);
    const ben = await w.agent("ben", "agent", w.corporate.id);
    const rita = await w.agent("rita", "department_admin", w.retail.id);
    const sue = await w.agent("sue", "supervisor", w.corporate.id);
    const lou = await w.agent("lou", "lookup");
    const amys = w.chat(v, amy.id, ["amy 的对话"]);
    const anns = w.chat(v, ann.id, ["ann 的对话"]);
    const bens = w.chat(v, ben.id, ["ben 的对话"]);
    // Ben was invited into Ann's chat: it is his too.
    w.t.db.run("INSERT INTO conversation_participants (conversation_id, agent_id, role, joined_at) VALUES (?, ?, 'guest', ?)", [anns, ben.id, 1]);
    const chats = async (a: typeof amy) => (await a.profile(v.id)).body.chats.map((c: any) => c.id).sort();
    expect(await chats(amy)).toEqual([amys]);
    expect(await chats(ben)).toEqual([anns, bens].sort());
    expect(await chats(rita)).toEqual([amys, anns].sort());
    expect(await chats(sue)).toEqual([amys, anns, bens].sort());
    const none = (await lou.profile(v.id)).body;
    expect(none.chats).toEqual([]);
    expect(none.access.chats).toBe(false);
    expect(none.profile.name).toBe("周客户");
  });

  it("hides leave messages without leave.read", async () => {
    const w = await customerWorld();
    const v = w.visitor(w.commonSite.id, { name: "吴客户" });
    w.leave(v, "留言内容");
    w.role("noleave", ["customers.read", "history.own"]);
    const nora = await w.agent("nora", "noleave");
    const amy = await w.agent("amy", "agent");
    const p = (await nora.profile(v.id)).body;
    expect(p.leaveMessages).toEqual([]);
    expect(p.access.leaveMessages).toBe(false);
    expect((await amy.profile(v.id)).body.leaveMessages.map((m: any) => m.content)).toEqual(["留言内容"]);
  });

  it("answers 404 for a visitor of a site the agent does not serve, and for an unknown one", async () => {
    const w = await customerWorld();
    const v = w.visitor(w.corporateSite.id, { name: "郑客户" });
    const amy = await w.agent("amy", "agent", w.retail.id);
    const ben = await w.agent("ben", "agent", w.corporate.id);
    expect((await amy.profile(v.id)).status).toBe(404);
    expect((await ben.profile(v.id)).status).toBe(200);
    expect((await ben.profile(987654)).status).toBe(404);
    const dora = await w.agent("dora", "department_admin");
    expect((await dora.profile(v.id)).status).toBe(404);
    expect((await ben.get("/api/customers/visitors/abc")).status).toBe(404);
  });
});
