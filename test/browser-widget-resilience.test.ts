import { describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { loadConfig } from "../src/platform/config.ts";
import { systemClock } from "../src/platform/clock.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { createSecretBox, loadOrCreateKey } from "../src/platform/secretbox.ts";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { createServices } from "../src/services.ts";
import { STRONG_PASSWORD } from "./harness.ts";
import { agentDriver, browserSuite, onlineVisitor, openChat, panelMessages, sendFromWidget, serveHostPage, snippetFromAdminPage, storedMessages, until, visitorPage, W } from "./host-page.ts";

/**
 * The widget keeps every message through a dropped connection and through kill -9 of the
 * server: it reconnects by itself, resends what was not acknowledged (same cid), and the
 * stored conversation has each message exactly once with no seq holes.
 */
const procs: ReturnType<typeof Bun.spawn>[] = [];
const suite = browserSuite(() => procs.forEach((p) => p.kill("SIGKILL")));

/** Waits until the panel shows exactly these visitor messages, each once and sent. */
async function allSent(page: Page, bodies: string[]) {
  return until(
    async () => (await panelMessages(page)).filter((m) => m.cls.includes("visitor")),
    (ms) => ms.length === bodies.length && ms.every((m) => m.cls.split(" ").includes("sent")),
    `all ${bodies.length} messages sent`,
    45_000,
  );
}

/** Each stored visitor body once, and seq 1..n. */
function expectStoredOnce(rows: { seq: number; sender: string; body: string }[], bodies: string[]) {
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  expect(rows.filter((r) => r.sender === "visitor").map((r) => r.body)).toEqual(bodies);
}

describe("the widget across connection loss", () => {
  it("loses and duplicates nothing when the connection drops mid-conversation", async () => {
    const { world, agent, page, context, errors } = await onlineVisitor(suite);
    await openChat(page);
    await sendFromWidget(page, "message 0");
    const first = await agent.message((f) => f.body === "message 0", "first message");

    const bodies = Array.from({ length: 11 }, (_, i) => `message ${i}`);
    for (let i = 1; i <= 4; i++) await sendFromWidget(page, bodies[i]);
    // The server goes away with message 4 just sent (acknowledged or not), and the visitor
    // keeps typing while it is gone: those wait as "sending".
    await world.cut();
    await page.locator(W.banner, { hasText: EN.reconnecting }).waitFor();
    for (let i = 5; i <= 7; i++) await sendFromWidget(page, bodies[i]);
    const waiting = (await panelMessages(page)).filter((m) => m.cls.includes("sending")).map((m) => m.text);
    expect(waiting).toEqual(expect.arrayContaining(bodies.slice(5, 8)));
    // Back on the same port, same database; more messages while the widget reconnects.
    world.up();
    for (let i = 8; i <= 10; i++) await sendFromWidget(page, bodies[i]);

    const shown = await allSent(page, bodies);
    expect(shown.map((m) => m.text)).toEqual(bodies);
    expect(await page.locator(W.banner).textContent()).toBe("");
    expectStoredOnce(storedMessages(world.t, first.conversationId), bodies);
    expect(world.t.db.query("SELECT count(*) AS n FROM conversations").get()).toEqual({ n: 1 });
    expect(errors).toEqual([]);
  }, 60_000);
});

const ROOT = join(import.meta.dir, "..");

/** A data folder prepared as an administrator would: a site for the host page, an admin and an agent. */
async function seed(dir: string, hostOrigin: string) {
  const config = loadConfig({ flags: { data: dir } });
  const db = openDatabase(join(dir, "yingke.db"));
  migrate(db);
  const s = createServices({ config, db, clock: systemClock, logger: silentLogger(), secretBox: createSecretBox(loadOrCreateKey(join(dir, "secret.key"))) });
  const actor = { id: null, name: "seed" };
  const site = s.sites.create({ name: "Shop", allowed_origins: hostOrigin, default_language: "en" }, actor);
  await s.agents.create({ username: "root", display_name: "Root", role_id: "admin", password: STRONG_PASSWORD, must_change_password: false }, actor);
  await s.agents.create({ username: "alice", display_name: "Alice", role_id: "agent", password: STRONG_PASSWORD, must_change_password: false }, actor);
  db.close();
  return site;
}

async function startServer(dir: string, port: number) {
  const proc = Bun.spawn([process.execPath, "src/main.ts", "serve", "--port", String(port), "--host", "127.0.0.1", "--data", dir], {
    cwd: ROOT, env: { ...process.env, YINGKE_LOG_LEVEL: "warn" }, stdout: "ignore", stderr: "ignore",
  });
  procs.push(proc);
  await until(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false), (ok) => ok, "server up", 20_000);
  return proc;
}

describe("the widget across a server crash", () => {
  it("after kill -9 and a restart it reconnects by itself; acknowledged messages are kept once, no seq holes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "yingke-widget-kill-"));
    suite.cleanups.push(async () => {
      for (const p of procs.splice(0)) {
        p.kill("SIGKILL");
        await p.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });
    const host = serveHostPage();
    suite.cleanups.push(() => host.stop());
    const site = await seed(dir, host.origin);
    const port = 20000 + (randomBytes(2).readUInt16BE() % 20000);
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(dir, port);
    host.snippet = await snippetFromAdminPage(base, site.id, "root");
    const agent = await agentDriver(base, "alice");
    suite.cleanups.push(() => agent.close());

    const { page, context, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());
    await page.goto(host.url("/"));
    await page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    await openChat(page);
    const bodies = Array.from({ length: 9 }, (_, i) => `crash ${i}`);
    for (let i = 0; i < 6; i++) await sendFromWidget(page, bodies[i]);
    await until(async () => (await panelMessages(page)).filter((m) => m.cls.endsWith(" sent")).length, (n) => n >= 3, "three acknowledged");
    server.kill("SIGKILL");
    await server.exited;
    // What the visitor was told is stored: the acknowledged messages at the moment of death.
    const acked = (await panelMessages(page)).filter((m) => m.cls.endsWith(" sent")).map((m) => m.text);
    expect(acked.length).toBeGreaterThanOrEqual(3);
    await page.locator(W.banner, { hasText: EN.reconnecting }).waitFor();
    for (let i = 6; i < 9; i++) await sendFromWidget(page, bodies[i]);

    await startServer(dir, port);
    const shown = await allSent(page, bodies);
    expect(shown.map((m) => m.text)).toEqual(bodies);

    const db = openDatabase(join(dir, "yingke.db"), { readonly: true });
    try {
      const conversations = db.query("SELECT id FROM conversations").all() as { id: number }[];
      expect(conversations).toHaveLength(1);
      const rows = db.query("SELECT seq, sender_kind AS sender, body FROM messages WHERE conversation_id = ? ORDER BY seq").all(conversations[0].id) as { seq: number; sender: string; body: string }[];
      expectStoredOnce(rows, bodies);
      for (const body of acked) expect(rows.filter((r) => r.body === body)).toHaveLength(1);
    } finally {
      db.close();
    }

    // The chat goes on: an agent back on the restarted server gets the next message.
    const again = await agentDriver(base, "alice");
    suite.cleanups.push(() => again.close());
    await sendFromWidget(page, "still there?");
    const next = await again.message((f) => f.body === "still there?", "message after the restart");
    expect(next.seq).toBe(bodies.length + 1);
    await page.locator(`${W.visitorMessages}.sent`, { hasText: "still there?" }).waitFor();
    expect(errors).toEqual([]);
  }, 90_000);
});
