import { historyWorld, type HistoryWorld } from "./history-world.ts";

/**
 * The shared history corpus (H1 tests): six chats over two departments, each made through the
 * real chat services, so every message went through the writer and into the search index in
 * its own transaction. Newest first: c6, c5, c4, c3, c2, c1.
 */
export async function historyCorpus() {
  const w: HistoryWorld = await historyWorld();
  const amy = await w.agent("amy", "agent", w.retail.id, "艾米");
  const cal = await w.agent("cal", "agent", w.retail.id, "卡尔");
  const ben = await w.agent("ben", "agent", w.corporate.id, "本");
  const sue = await w.agent("sue", "supervisor", null, "苏");
  const rita = await w.agent("rita", "department_admin", w.retail.id, "丽塔");
  const ned = await w.agent("ned", "auditor", null, "内德");

  const c1 = await w.chat({
    day: 1, site: w.retailSite, agent: amy, groupId: w.cards.id, visitorName: "张三", pages: ["https://retail.example.test/home", "https://retail.example.test/cards"],
    lines: [["v", "我想办理信用卡，年费怎么算？"], ["a", "您好，信用卡首年免年费。"], ["v", "好的谢谢"]],
    image: "账单截图.png", rating: 5, evaluation: { topicId: w.topicCard.id, verdict: "valuable", note: "办卡咨询" },
  });
  const c2 = await w.chat({
    day: 2, site: w.retailSite, agent: cal, visitorName: "李四",
    lines: [["v", "我要退款"], ["a", "请提供订单号"], ["v", "订单 ABC123 refund please"]],
    rating: 2, evaluation: { topicId: w.topicComplaint.id, verdict: "invalid" },
  });
  const c3 = await w.chat({ day: 3, site: w.corporateSite, agent: ben, visitorName: "王五", lines: [["v", "对公账户开户需要什么材料"], ["a", "营业执照和法人身份证"]] });
  // No name: the list shows the visitor by id. Ben from the other department joined as a guest.
  const c4 = await w.chat({ day: 4, site: w.retailSite, agent: amy, lines: [["v", "退货和款项的问题"], ["a", "请稍等"]] });
  w.t.db.run("INSERT INTO conversation_participants (conversation_id, agent_id, role, joined_at, left_at) VALUES (?, ?, 'guest', ?, ?)", [c4.id, ben.id, w.t.clock.now(), w.t.clock.now()]);
  // Nobody answered: the chat belongs to its group's department (retail).
  const c5 = await w.chat({ day: 5, site: w.retailSite, agent: null, groupId: w.cards.id, visitorName: "Tom", lines: [["v", "Hello, I forgot my account PASSWORD"]] });
  const c6 = await w.chat({ day: 6, site: w.corporateSite, agent: ben, visitorName: "赵六", lines: [["v", "信用卡还款日是哪天"], ["a", "每月5日"]], rating: 4 });
  return { ...w, amy, cal, ben, sue, rita, ned, c1, c2, c3, c4, c5, c6 };
}
export type HistoryCorpus = Awaited<ReturnType<typeof historyCorpus>>;
