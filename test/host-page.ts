import { afterAll, afterEach, beforeAll } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { startServer } from "../src/http/server.ts";
import { createApp } from "../src/app.ts";
import { FrameClient } from "./frames.ts";
import { createTestApp, socketBrowser, type TestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";

/**
 * Helpers for the widget's browser tests: a customer's web page on its own origin carrying the
 * embed snippet, an agent driven over the real API and WebSocket, and the widget's selectors.
 * Playwright's CSS selectors pierce the widget's open shadow root.
 */

/** A customer's web site: any path answers the same page, with the snippet pasted as given. */
export interface HostPage {
  /** http://localhost:PORT — another origin than Yingke's http://127.0.0.1:PORT. */
  origin: string;
  /** The markup pasted into every page (the embed snippet); settable once the site exists. */
  snippet: string;
  url(path?: string): string;
  stop(): void;
}

export function serveHostPage(snippet = ""): HostPage {
  const page: HostPage = {
    origin: "",
    snippet,
    url: (path = "/") => page.origin + path,
    stop: () => server.stop(true),
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/favicon.ico") return new Response(null, { status: 204 });
      const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop ${path}</title></head>
<body><h1>Example shop</h1><p><a href="/other">Another page</a></p><button id="host-button" type="button">Add to cart</button>
${page.snippet}
</body></html>`;
      return new Response(body, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
    },
  });
  page.origin = `http://localhost:${server.port}`;
  return page;
}

/** The embed snippet exactly as /admin/sites/:id shows it (read from its textarea, unescaped). */
export async function snippetFromAdminPage(base: string, siteId: number, admin: string): Promise<string> {
  const b = socketBrowser(base);
  await b.signIn(admin);
  const html = await (await b.get(`/admin/sites/${siteId}`)).text();
  const m = /<textarea id="embed-snippet"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  if (!m) throw new Error(`no embed snippet on /admin/sites/${siteId}`);
  return m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

export { agentDriver };
export type Agent = Awaited<ReturnType<typeof agentDriver>>;

/** Selectors inside the widget's shadow root. */
export const W = {
  entry: "yingke-widget button.e",
  entryOnline: "yingke-widget button.e.on",
  entryOffline: "yingke-widget button.e:not(.on)",
  panel: "yingke-widget section.p[role=dialog]",
  input: "yingke-widget .cmp textarea",
  fileInput: "yingke-widget .cmp input[type=file]",
  messages: "yingke-widget ol.ml > li.m",
  visitorMessages: "yingke-widget ol.ml > li.m.visitor",
  agentMessages: "yingke-widget ol.ml > li.m.agent",
  banner: "yingke-widget .bn",
  leaveForm: "yingke-widget form.fm",
  centred: "yingke-widget .ctr",
} as const;

/** Each message in the panel: its classes (from, state) and its bubble's text. */
export function panelMessages(page: Page): Promise<{ cls: string; text: string }[]> {
  return page.evaluate(() => {
    const root = document.querySelector("yingke-widget")?.shadowRoot;
    return [...(root?.querySelectorAll("ol.ml > li.m") ?? [])].map((li) => ({ cls: li.className, text: li.querySelector(".bb, .ev")?.textContent ?? "" }));
  });
}

/** Opens the panel with a click and waits for the text input (the chat view). */
export async function openChat(page: Page) {
  await page.locator(W.entry).click();
  await page.locator(W.input).waitFor({ state: "visible" });
}

/** Types a message into the composer and presses Enter. */
export async function sendFromWidget(page: Page, text: string) {
  await page.locator(W.input).fill(text);
  await page.locator(W.input).press("Enter");
}

/**
 * An in-process Yingke (fresh database, real sockets) with one site whose allowed origin is a
 * host page on another origin (its snippet read from the admin page), one admin and one agent.
 */
export async function widgetWorld(o: { language?: string; agent?: boolean } = {}) {
  const t: TestApp = createTestApp({ realSocketPeer: true });
  let server = t.listen();
  const port = server.port;
  const base = `http://127.0.0.1:${port}`;
  const host = serveHostPage();
  const site = t.services.sites.create({ name: "Shop", allowed_origins: host.origin, default_language: o.language ?? "en" }, { id: null, name: "test" });
  await t.createAgent("root", "admin");
  host.snippet = await snippetFromAdminPage(base, site.id, "root");
  await t.createAgent("alice");
  const agents: Agent[] = [];
  const agent = async () => {
    const a = await agentDriver(base, "alice");
    agents.push(a);
    return a;
  };
  return {
    t, base, port, host, site, agent,
    /** Yingke goes away: every live connection is dropped and the port refuses new ones. */
    async cut() {
      await server.stop(true);
    },
    /** Listens again on the same port, with the same database and services. */
    up() {
      server = Object.assign(startServer(createApp(t.services, {}), { port, hostname: "127.0.0.1" }), { base });
    },
    stop() {
      for (const a of agents) a.close();
      void server.stop(true);
      host.stop();
    },
  };
}
export type WidgetWorld = Awaited<ReturnType<typeof widgetWorld>>;

/** A fresh browser context (its own storage) and page, recording dialogs and page errors. */
export async function visitorPage(browser: Browser, o: { locale?: string } = {}) {
  const context: BrowserContext = await browser.newContext({ locale: o.locale ?? "en-US", acceptDownloads: true });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, dialogs, errors };
}

/** The messages of a conversation as stored (cid, seq, body), in seq order. */
export function storedMessages(t: TestApp, conversationId: number) {
  return t.db.query("SELECT cid, seq, sender_kind AS sender, body FROM messages WHERE conversation_id = ? ORDER BY seq").all(conversationId) as { cid: string; seq: number; sender: string; body: string }[];
}

/** Polls `read` until `ok` holds (readiness only, never a timing assertion); returns the last value. */
export async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`not ${what} within ${timeoutMs} ms; last ${JSON.stringify(v)}`);
    await Bun.sleep(50);
  }
}

/** One Chromium per test file, and cleanups that run after each test, newest first. */
export function browserSuite(extraTeardown?: () => void) {
  let browser: Browser | null = null;
  const cleanups: (() => unknown)[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  afterAll(async () => {
    extraTeardown?.();
    await browser?.close();
  });
  return {
    get browser(): Browser {
      return browser!;
    },
    cleanups,
  };
}
export type BrowserSuite = ReturnType<typeof browserSuite>;

/** A fresh world with an agent online and a visitor's page on the host page, its entry showing online. */
export async function onlineVisitor(suite: BrowserSuite) {
  const world = await widgetWorld();
  suite.cleanups.push(() => world.stop());
  const agent = await world.agent();
  const visitor = await visitorPage(suite.browser);
  suite.cleanups.push(() => visitor.context.close());
  await visitor.page.goto(world.host.url("/"));
  await visitor.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
  return { world, agent, ...visitor };
}
