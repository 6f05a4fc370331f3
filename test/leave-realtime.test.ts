import { afterEach, describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { leaveWorld, sys } from "./leave-world.ts";

setDefaultTimeout(60_000);

/**
 * Leave messages on the agent channel (H2), over real sockets: a new message reaches only the
 * online agents who may read its site, masked for each (X8), with their own unanswered count;
 * a reply or a change of the replied state sends the new count to the same agents only.
 */
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function world() {
  const t = createTestApp({ realSocketPeer: true });
  const w = leaveWorld(t);
  const server = t.listen();
  stops.push(() => void server.stop(true));
  const ws = server.base.replace("http", "ws");
  async function online(username: string, role: string, dept: number | null) {
    const row = await t.createAgent(username, role);
    if (dept !== null) t.services.departments.setAgentDepartment(row.id, dept, sys);
    const d = await agentDriver(server.base, username);
    stops.push(d.close);
    return { row, ...d };
  }
  /** A visitor on a site's page, channel open. */
  async function visitor(site: { site_key: string; allowed_origins: string }) {
    const v = await FrameClient.open(`${ws}/ws/visitor?site=${site.site_key}`, { origin: site.allowed_origins });
    stops.push(() => v.close());
    return v;
  }
  async function leaveFrom(v: FrameClient, input: Record<string, string>) {
    const c = cid();
    v.send({ type: "leave", cid: c, ...input });
    return (await v.next((f) => f.type === "ack" && f.cid === c, "leave ack")).leaveMessageId as number;
  }
  return { ...w, online, visitor, leaveFrom };
}

const leaveFrames = (a: { ws: FrameClient }) => a.ws.frames.filter((f) => String(f.type).startsWith("leave_"));

describe("leave messages on the agent channel", () => {
  it("tells only the agents who may read the site, masked for each, with their unanswered count", async () => {
    const w = await world();
    w.t.services.roles.create({ id: "chat_only", name: "Chat only", permissions: ["chat.accept"] }, sys, null);
    // One older unanswered message on the retail site (left while nobody was online), in amy's and cal's counts.
    await w.leave(w.retailSite.id, { name: "老客户", phone: "13700000000", content: "之前的留言" });
    const amy = await w.online("amy", "agent", w.retail.id);
    const ben = await w.online("ben", "agent", w.corporate.id);
    const cal = await w.online("cal", "agent", null);
    const sue = await w.online("sue", "supervisor", null);
    const nora = await w.online("nora", "chat_only", null);

    const retailVisitor = await w.visitor(w.retailSite);
    const id = await w.leaveFrom(retailVisitor, { name: "王女士", phone: "13812345678", email: "wang@example.test", content: "请回电 <b>call me</b>" });
    const forAmy = await amy.ws.next((f) => f.type === "leave_new", "leave_new for amy");
    expect(forAmy).toMatchObject({ unanswered: 2, message: { id, siteId: w.retailSite.id, siteName: "retail", name: "王女士", phone: "138****5678", email: "w***@example.test", content: "请回电 <b>call me</b>", replied: false } });
    expect((await cal.ws.next((f) => f.type === "leave_new", "leave_new for cal")).unanswered).toBe(2);
    // The supervisor (no department, visitor.contact) sees it in full.
    expect((await sue.ws.next((f) => f.type === "leave_new", "leave_new for sue")).message).toMatchObject({ phone: "13812345678", email: "wang@example.test" });

    // Ben (another department) and nora (no leave.read) hear nothing of it: a later frame each of
    // them does receive arrives with no leave frame before it.
    const corpVisitor = await w.visitor(w.corporateSite);
    const corpId = await w.leaveFrom(corpVisitor, { name: "赵总", email: "zhao@corp.example.test", content: "对公开户" });
    const forBen = await ben.ws.next((f) => f.type === "leave_new", "leave_new for ben");
    expect(forBen).toMatchObject({ unanswered: 1, message: { id: corpId, email: "z***@corp.example.test" } });
    expect(leaveFrames(ben)).toEqual([forBen]);
    retailVisitor.send({ type: "page", url: "https://retail.example.test/after", title: "After", referrer: "" });
    await nora.ws.next((f) => f.type === "visitor" && f.visitor.currentUrl?.endsWith("/after"), "visitor frame for nora");
    expect(leaveFrames(nora)).toEqual([]);
    // Amy did not hear of the corporate message either.
    await amy.ws.next((f) => f.type === "visitor" && f.visitor.currentUrl?.endsWith("/after"), "visitor frame for amy");
    expect(leaveFrames(amy).map((f) => f.message?.id)).toEqual([id]);

    // Marking it replied: the new count reaches the retail readers only.
    expect((await amy.api("PUT", `/api/leave-messages/${id}`, { replied: true })).status).toBe(200);
    expect(await amy.ws.next((f) => f.type === "leave_counts", "counts for amy")).toEqual({ type: "leave_counts", unanswered: 1 });
    expect(await amy.ws.next((f) => f.type === "leave_changed", "changed for amy")).toMatchObject({ id, action: "replied", replied: true });
    expect((await cal.ws.next((f) => f.type === "leave_counts", "counts for cal")).unanswered).toBe(2);
    expect((await sue.ws.next((f) => f.type === "leave_counts", "counts for sue")).unanswered).toBe(2);
    // A note changes no count: leave_changed only.
    // (Waiters are set before the request: the frame may arrive before the HTTP answer.)
    const noteChange = amy.ws.nextNew((f) => f.type === "leave_changed" && f.action === "updated", "note change");
    expect((await amy.api("PUT", `/api/leave-messages/${id}`, { note: "已回电" })).status).toBe(200);
    await noteChange;
    expect(amy.ws.frames.filter((f) => f.type === "leave_counts")).toHaveLength(1);
    retailVisitor.send({ type: "page", url: "https://retail.example.test/later", title: "Later", referrer: "" });
    await ben.ws.next((f) => f.type === "visitor" && f.visitor.currentUrl?.endsWith("/later"), "later visitor frame for ben");
    expect(leaveFrames(ben)).toEqual([forBen]);

    // Deleting the other unanswered one lowers the count for the same readers.
    const old = w.t.db.query("SELECT id FROM leave_messages WHERE content = '之前的留言'").get() as { id: number };
    const afterDelete = amy.ws.nextNew((f) => f.type === "leave_counts", "counts after delete");
    expect((await sue.api("DELETE", `/api/leave-messages/${old.id}`)).status).toBe(200);
    expect((await afterDelete).unanswered).toBe(0);
  });
});
