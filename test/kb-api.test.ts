import { describe, expect, it } from "bun:test";
import { createTestApp, ORIGIN, type TestApp } from "./harness.ts";
import { cid } from "./frames.ts";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createKbService } from "../src/kb/service.ts";

// Each test signs several agents in (argon2), which is slow on a loaded machine: 30 s each.
/**
 * Canned replies over the console API (A13): who sees which scope, who may change what, field
 * validation, search as you type, and common files sent into a conversation.
 */
const system = { id: null, name: "test" };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137]);

async function signedIn(t: TestApp, username: string, role = "agent") {
  const agent = await t.createAgent(username, role);
  const b = t.browser();
  await b.signIn(username);
  await b.get("/account");
  const csrf = b.csrf();
  const headers = { accept: "application/json", "x-csrf-token": csrf };
  const api = async (method: string, path: string, json?: unknown) => {
    const r = await b.request(method, path, { json, headers });
    return { status: r.status, body: (r.headers.get("content-type") ?? "").includes("json") ? await r.json() : await r.text() };
  };
  const upload = async (path: string, fields: Record<string, string>, file: File) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", file);
    const r = await t.app.handle(new Request(ORIGIN + path, { method: "POST", headers: { ...headers, cookie: b.cookieHeader(), origin: ORIGIN, host: "localhost" }, body: form }));
    return { status: r.status, body: await r.json() };
  };
  return { agent, b, api, upload };
}

async function world() {
  const t = createTestApp();
  const admin = await signedIn(t, "boss", "admin");
  const alice = await signedIn(t, "alice");
  const bob = await signedIn(t, "bob");
  const sales = t.services.groups.create(system, { name: "销售", member_ids: [alice.agent.id] });
  const support = t.services.groups.create(system, { name: "Support", member_ids: [bob.agent.id] });
  return { t, admin, alice, bob, sales, support };
}

const titles = (r: { body: { items: { title: string }[] } }) => r.body.items.map((i) => i.title);

describe("canned replies: scopes and search", () => {
  it("shows company + own groups + own personal, and searches Chinese, full-width and shortcuts", async () => {
    const { admin, alice, bob, sales, support } = await world();
    const folder = await admin.api("POST", "/api/canned/folders", { scope: "company", name: "问候语" });
    expect(folder.status).toBe(200);
    expect((await admin.api("POST", "/api/canned/items", { scope: "company", folder_id: folder.body.folder.id, title: "欢迎", text: "您好，欢迎光临迎客！", shortcut: "/hi" })).status).toBe(200);
    expect((await admin.api("POST", "/api/canned/items", { scope: "group", group_id: sales.id, title: "报价", text: "ＶＩＰ客户报价请联系销售经理。" })).status).toBe(200);
    expect((await admin.api("POST", "/api/canned/items", { scope: "group", group_id: support.id, title: "工单", text: "请提供您的工单号。" })).status).toBe(200);
    expect((await alice.api("POST", "/api/canned/items", { scope: "personal", title: "我的签名", text: "客服小爱为您服务 Alice" })).status).toBe(200);
    expect((await admin.api("POST", "/api/canned/items", { kind: "link", scope: "company", title: "帮助中心", url: "https://help.example.gov.cn/faq" })).status).toBe(200);

    // Alice: company, 销售 (her group), her own — not Support's, not anyone else's personal.
    expect(titles(await alice.api("GET", "/api/canned"))).toEqual(["帮助中心", "欢迎", "报价", "我的签名"]);
    expect(titles(await bob.api("GET", "/api/canned"))).toEqual(["帮助中心", "欢迎", "工单"]);
    // Search as you type: one Chinese character, two, mixed, full-width, shortcut, URL.
    const q = (who: typeof alice, text: string) => who.api("GET", `/api/canned?q=${encodeURIComponent(text)}`).then(titles);
    expect(await q(alice, "您")).toEqual(["欢迎", "我的签名"]);
    expect(await q(bob, "您")).toEqual(["欢迎", "工单"]);
    expect(await q(alice, "光临")).toEqual(["欢迎"]);
    expect(await q(alice, "vip客户")).toEqual(["报价"]);
    expect(await q(alice, "ａｌｉｃｅ")).toEqual(["我的签名"]);
    expect(await q(alice, "/hi")).toEqual(["欢迎"]);
    expect(await q(alice, "help.example")).toEqual(["帮助中心"]);
    expect(await q(bob, "小爱")).toEqual([]);
    expect(await q(bob, "报价")).toEqual([]);
  }, 30_000);

  it("follows group membership and edits without a restart", async () => {
    const { t, admin, bob, sales } = await world();
    const created = await admin.api("POST", "/api/canned/items", { scope: "group", group_id: sales.id, title: "报价", text: "价格表见附件" });
    expect(await bob.api("GET", "/api/canned?q=价").then(titles)).toEqual([]);
    t.services.groups.update(system, sales.id, { name: "销售", member_ids: [bob.agent.id] });
    expect(await bob.api("GET", "/api/canned?q=价").then(titles)).toEqual(["报价"]);
    await admin.api("PUT", `/api/canned/items/${created.body.item.id}`, { title: "新报价", text: "最新价格表" });
    expect(await bob.api("GET", "/api/canned?q=最新").then(titles)).toEqual(["新报价"]);
    await admin.api("DELETE", `/api/canned/items/${created.body.item.id}`);
    expect(await bob.api("GET", "/api/canned").then(titles)).toEqual([]);
  }, 30_000);
});

describe("canned replies: permissions and validation", () => {
  it("lets agents keep only their own personal items and admins the shared ones", async () => {
    const { admin, alice, bob, sales } = await world();
    expect((await alice.api("POST", "/api/canned/items", { scope: "company", title: "x", text: "y" })).status).toBe(403);
    expect((await alice.api("POST", "/api/canned/items", { scope: "group", group_id: sales.id, title: "x", text: "y" })).status).toBe(403);
    expect((await alice.api("POST", "/api/canned/folders", { scope: "company", name: "f" })).status).toBe(403);
    expect((await alice.api("GET", "/api/canned/bucket?scope=company")).status).toBe(403);
    const mine = await alice.api("POST", "/api/canned/items", { scope: "personal", title: "mine", text: "only mine" });
    const id = mine.body.item.id;
    // Bob cannot see, change or delete Alice's item: it does not exist for him.
    expect((await bob.api("PUT", `/api/canned/items/${id}`, { title: "taken", text: "over" })).status).toBe(404);
    expect((await bob.api("DELETE", `/api/canned/items/${id}`)).status).toBe(404);
    expect((await bob.api("POST", "/api/canned/reorder", { type: "items", ids: [id] })).status).toBe(404);
    // Admins do not edit personal items of others either.
    expect((await admin.api("DELETE", `/api/canned/items/${id}`)).status).toBe(404);
    const bucket = await alice.api("GET", "/api/canned/bucket?scope=personal");
    expect(bucket.body.items.map((i: { title: string }) => i.title)).toEqual(["mine"]);
    // A personal folder of Bob's cannot hold Alice's item.
    const bobFolder = await bob.api("POST", "/api/canned/folders", { scope: "personal", name: "Bob's" });
    expect(await alice.api("PUT", `/api/canned/items/${id}`, { folder_id: bobFolder.body.folder.id })).toMatchObject({ status: 422, body: { error: { field: "folder_id" } } });
  }, 30_000);

  it("names the field of every validation error and writes nothing", async () => {
    const { t, admin, alice } = await world();
    const bad = async (body: Record<string, unknown>, field: string, status = 422) => {
      const r = await alice.api("POST", "/api/canned/items", { scope: "personal", title: "ok", text: "ok", ...body });
      expect({ status: r.status, field: r.body.error?.field }).toEqual({ status, field });
    };
    await bad({ title: "" }, "title");
    await bad({ title: "标".repeat(101) }, "title");
    await bad({ text: "  " }, "text");
    await bad({ text: "字".repeat(2001) }, "text");
    await bad({ shortcut: "hi" }, "shortcut");
    await bad({ shortcut: "/has space" }, "shortcut");
    await bad({ scope: "world" }, "scope");
    await bad({ kind: "link", url: "javascript:alert(1)" }, "url");
    await bad({ kind: "link", url: "ftp://x.example/file" }, "url");
    await bad({ kind: "link", url: "not a url" }, "url");
    await bad({ kind: "file" }, "kind");
    await bad({ position: -1 }, "position");
    await bad({ folder_id: 999 }, "folder_id");
    expect((await admin.api("POST", "/api/canned/items", { scope: "group", title: "t", text: "x" })).body.error.field).toBe("group_id");
    expect(t.db.query("SELECT count(*) AS n FROM canned_items").get()).toEqual({ n: 0 });
    // Shortcuts are unique within a scope.
    expect((await alice.api("POST", "/api/canned/items", { scope: "personal", title: "a", text: "a", shortcut: "/早" })).status).toBe(200);
    await bad({ shortcut: "/早" }, "shortcut", 409);
    expect((await admin.api("POST", "/api/canned/items", { scope: "company", title: "a", text: "a", shortcut: "/早" })).status).toBe(200);
    expect((await alice.api("POST", "/api/canned/folders", { scope: "personal", name: "" })).body.error.field).toBe("name");
  }, 30_000);

  it("reorders items and folders within one scope", async () => {
    const { alice } = await world();
    const ids: number[] = [];
    for (const title of ["一", "二", "三"]) ids.push((await alice.api("POST", "/api/canned/items", { scope: "personal", title, text: title })).body.item.id);
    expect((await alice.api("POST", "/api/canned/reorder", { type: "items", ids: [ids[2], ids[0], ids[1]] })).status).toBe(200);
    expect(await alice.api("GET", "/api/canned").then(titles)).toEqual(["三", "一", "二"]);
    const f1 = (await alice.api("POST", "/api/canned/folders", { scope: "personal", name: "A" })).body.folder.id;
    const f2 = (await alice.api("POST", "/api/canned/folders", { scope: "personal", name: "B" })).body.folder.id;
    await alice.api("POST", "/api/canned/reorder", { type: "folders", ids: [f2, f1] });
    expect((await alice.api("GET", "/api/canned")).body.folders.map((f: { name: string }) => f.name)).toEqual(["B", "A"]);
    expect((await alice.api("POST", "/api/canned/reorder", { type: "things", ids: [f1] })).body.error.field).toBe("type");
    // Deleting a folder keeps its items.
    await alice.api("PUT", `/api/canned/items/${ids[0]}`, { folder_id: f1 });
    await alice.api("DELETE", `/api/canned/folders/${f1}`);
    expect((await alice.api("GET", "/api/canned")).body.items.find((i: { id: number }) => i.id === ids[0]).folder_id).toBeNull();
  }, 30_000);
});

describe("common files", () => {
  it("uploads once with the chat-file checks and sends a copy the conversation's visitor alone can download", async () => {
    const { t, admin, alice, bob, sales } = await world();
    const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "zh-CN" }, system);
    const refused = await alice.upload("/api/canned/files", { scope: "personal" }, new File([new TextEncoder().encode("MZ not a png")], "logo.png"));
    expect(refused.status).toBe(415);
    expect((await alice.upload("/api/canned/files", { scope: "company" }, new File([PNG], "logo.png"))).status).toBe(403);
    const shared = await admin.upload("/api/canned/files", { scope: "company", title: "产品目录" }, new File([PNG], "目录.png"));
    expect(shared.status).toBe(200);
    expect(shared.body.item).toMatchObject({ kind: "file", title: "产品目录", file_name: "目录.png", file_mime: "image/png", file_size: PNG.length });
    expect(shared.body.item.file_blob).toBeUndefined();

    const one = t.services.visitors.identify(site.id, null);
    const other = t.services.visitors.identify(site.id, null);
    const sent = await t.services.chat.visitorSend(one.visitor, { cid: cid(), body: "你好" });
    const conv = sent.conversation.id;
    // Only the conversation's agent may send into it.
    expect((await alice.api("POST", `/api/conversations/${conv}/common-files/${shared.body.item.id}`)).status).toBe(403);
    expect((await alice.api("POST", `/api/conversations/${conv}/accept`)).status).toBe(200);
    const r = await alice.api("POST", `/api/conversations/${conv}/common-files/${shared.body.item.id}`, { cid: cid() });
    expect(r.status).toBe(200);
    expect(r.body.file).toMatchObject({ name: "目录.png", conversation_id: conv, uploader_kind: "agent" });
    const messages = t.services.chat.messagesAfter(conv, 0);
    expect(messages.at(-1)).toMatchObject({ kind: "file", file_id: r.body.file.id, sender_kind: "agent" });

    const download = (token?: string) => t.app.handle(new Request(`${ORIGIN}/files/${r.body.file.id}${token ? `?token=${encodeURIComponent(token)}` : ""}`, { headers: { host: "localhost" } }));
    const mine = await download(one.token);
    expect(mine.status).toBe(200);
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG);
    expect((await download(other.token)).status).toBe(404);
    expect((await download()).status).toBe(404);

    // Bob (not in the conversation) cannot send it there; a personal file of Bob's is not Alice's to send.
    expect((await bob.api("POST", `/api/conversations/${conv}/common-files/${shared.body.item.id}`)).status).toBe(403);
    const bobs = await bob.upload("/api/canned/files", { scope: "personal" }, new File([PNG], "bob.png"));
    expect((await alice.api("POST", `/api/conversations/${conv}/common-files/${bobs.body.item.id}`)).status).toBe(404);
    // Deleting the common file leaves the sent copy.
    expect((await admin.api("DELETE", `/api/canned/items/${shared.body.item.id}`)).status).toBe(200);
    expect((await download(one.token)).status).toBe(200);

    // A group's deletion removes its common files by cascade; their bytes go at the next start.
    const groupFile = await admin.upload("/api/canned/files", { scope: "group", group_id: String(sales.id) }, new File([PNG], "g.png"));
    const blobs = () => readdirSync(join(t.dir, "files", "common")).length;
    expect(blobs()).toBe(2);
    t.services.groups.remove(system, sales.id);
    expect(t.services.kb.repo.item(groupFile.body.item.id)).toBeNull();
    createKbService({ db: t.db, clock: t.clock, audit: t.services.audit, groups: t.services.groups, files: t.services.files, dir: join(t.dir, "files") });
    expect(blobs()).toBe(1);
  }, 30_000);
});
