import { describe, expect, it } from "bun:test";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { cid } from "./frames.ts";
import { browserSuite, onlineVisitor, openChat, sendFromWidget, snippetFromAdminPage, storedMessages, visitorPage, W, widgetWorld } from "./host-page.ts";
import { wsRefusingProxy } from "./ws-refusing-proxy.ts";

/** Files through the widget in real Chromium, and the automatic HTTP fallback behind a proxy that refuses WebSocket. */
const suite = browserSuite();

/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("files in the widget", () => {
  it("uploads a PNG shown as a thumbnail from Yingke, downloadable by the agent; refuses a fake PNG", async () => {
    const { world, agent, page, context, dialogs, errors } = await onlineVisitor(suite);
    await openChat(page);

    await page.locator(W.fileInput).setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: PNG });
    const msg = await agent.message((f) => f.kind === "file", "file message");
    expect(msg).toMatchObject({ from: "visitor", file: { name: "receipt.png", isImage: true, mime: "image/png", size: PNG.length } });

    // The visitor sees it as a thumbnail loaded from Yingke's origin (with the visitor token).
    const img = page.locator(`${W.visitorMessages} img`);
    await img.waitFor({ timeout: 15_000 });
    const src = new URL((await img.getAttribute("src"))!);
    expect(src.origin).toBe(world.base);
    expect(src.pathname).toBe(`/files/${msg.file.id}/thumb`);
    expect(src.searchParams.get("token")).toBeTruthy();
    await page.waitForFunction(() => {
      const i = document.querySelector("yingke-widget")!.shadowRoot!.querySelector("ol.ml li.visitor img") as HTMLImageElement | null;
      return !!i && i.complete && i.naturalWidth === 1;
    });
    expect(await img.getAttribute("alt")).toBe("receipt.png");
    await page.locator(`${W.visitorMessages}.sent`).waitFor();

    // The agent downloads the same bytes with its session.
    const res = await agent.b.get(`/files/${msg.file.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toStartWith("attachment;");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    // Text dressed up as a PNG is refused by its magic bytes; the widget says so and sends nothing.
    await page.locator(W.fileInput).setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("<script>alert(1)</script>") });
    await page.locator(W.banner, { hasText: EN.uploadFailed.replace("{name}", "fake.png") }).waitFor({ timeout: 15_000 });
    expect(await page.locator(W.visitorMessages).count()).toBe(1);
    expect(world.t.db.query("SELECT count(*) AS n FROM files").get()).toEqual({ n: 1 });
    expect(storedMessages(world.t, msg.conversationId).filter((m) => m.sender === "visitor")).toHaveLength(1);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe("behind a proxy that refuses WebSocket", () => {
  it("falls back to SSE + POST by itself and chats both ways", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    // Yingke's own request log is the server-side evidence of which transports reached it.
    const reached: string[] = [];
    (world.t.services.logger as unknown as { info: (o: { method?: string; path?: string }) => void }).info = (o) => {
      if (o?.path) reached.push(`${o.method} ${o.path}`);
    };
    const proxy = wsRefusingProxy(world.base);
    suite.cleanups.push(() => proxy.stop());
    // The administrator reached Yingke through the proxy, so the admin page's snippet names it.
    world.host.snippet = await snippetFromAdminPage(proxy.origin, world.site.id, "root");
    expect(world.host.snippet).toBe(`<script async src="${proxy.origin}/widget.js?site=${world.site.site_key}" charset="utf-8"></script>`);
    const agent = await world.agent();

    const { page, context, dialogs, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    await page.goto(world.host.url("/"));
    await page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 30_000 });
    await openChat(page);
    await sendFromWidget(page, "Hello from behind the firewall");
    const m = await agent.message((f) => f.body === "Hello from behind the firewall", "message over the fallback");
    await page.locator(`${W.visitorMessages}.sent`).waitFor();
    await agent.api("POST", `/api/conversations/${m.conversationId}/accept`);
    await agent.api("POST", `/api/conversations/${m.conversationId}/messages`, { cid: cid(), body: "Reply through the stream" });
    await page.locator(W.agentMessages, { hasText: "Reply through the stream" }).waitFor();
    await sendFromWidget(page, "Second one");
    await agent.message((f) => f.body === "Second one", "second message");

    // The widget tried WebSocket, the proxy refused it, and no upgrade ever reached Yingke.
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    expect(sockets.every((u) => u.startsWith(proxy.origin.replace("http", "ws")))).toBe(true);
    expect(proxy.refused.length).toBeGreaterThanOrEqual(1);
    expect(proxy.refused.every((p) => p === "/ws/visitor")).toBe(true);
    expect(reached.filter((r) => r.includes("/ws/visitor"))).toEqual([]);
    expect(reached).toContain("GET /rt/visitor/stream");
    expect(reached.filter((r) => r === "POST /rt/visitor/frames").length).toBeGreaterThanOrEqual(2);
    expect(proxy.forwarded).toContain("GET /rt/visitor/stream");
    // The browser chose SSE for later page views of this site too.
    expect(await page.evaluate((k) => Number(localStorage.getItem(`yingke:${k}:sse`)) > Date.now(), world.site.site_key)).toBe(true);
    const stored = storedMessages(world.t, m.conversationId);
    expect(stored.filter((x) => x.sender === "visitor").map((x) => x.body)).toEqual(["Hello from behind the firewall", "Second one"]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("shows the visitor's own image as a thumbnail even when the stream lags behind the POST answers", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const proxy = wsRefusingProxy(world.base);
    suite.cleanups.push(() => proxy.stop());
    world.host.snippet = await snippetFromAdminPage(proxy.origin, world.site.id, "root");
    const agent = await world.agent();
    const { page, context, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());
    await page.goto(world.host.url("/"));
    await page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 30_000 });
    await openChat(page);
    await sendFromWidget(page, "Here is a photo");
    const m = await agent.message((f) => f.body === "Here is a photo", "text over the fallback");
    await agent.api("POST", `/api/conversations/${m.conversationId}/accept`);

    // A buffering proxy: the ack (in the POST answer) now reaches the widget before the
    // stored message (on the event stream), as it may on any HTTP fallback.
    proxy.streamLagMs = 300;
    await page.locator(W.fileInput).setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: PNG });
    const file = await agent.message((f) => f.kind === "file", "file message");
    await agent.api("POST", `/api/conversations/${m.conversationId}/messages`, { cid: cid(), body: "Got it" });
    // The reply comes after the file's message on the same stream: by now the widget has both.
    await page.locator(W.agentMessages, { hasText: "Got it" }).waitFor({ timeout: 15_000 });
    const own = page.locator(`${W.visitorMessages}.sent`).last();
    const drawn = { thumbnail: await own.locator("img").count(), link: await own.locator("a[href]").count() };
    expect(drawn).toEqual({ thumbnail: 1, link: 1 });
    expect(new URL((await own.locator("img").getAttribute("src"))!).pathname).toBe(`/files/${file.file.id}/thumb`);
    expect(errors).toEqual([]);
  }, 60_000);
});
