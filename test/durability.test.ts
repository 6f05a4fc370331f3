import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { loadConfig } from "../src/platform/config.ts";
import { systemClock } from "../src/platform/clock.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { createSecretBox, loadOrCreateKey } from "../src/platform/secretbox.ts";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { createServices } from "../src/services.ts";
import { FrameClient, cid } from "./frames.ts";
import { STRONG_PASSWORD, socketBrowser } from "./harness.ts";

const HOST = "http://shop.example.test";
const ROOT = join(import.meta.dir, "..");
const procs: ReturnType<typeof Bun.spawn>[] = [];
afterAll(() => procs.forEach((p) => p.kill("SIGKILL")));

/** Prepares a data folder the way an administrator would have: a site and an agent. */
async function seed(dir: string) {
  const config = loadConfig({ flags: { data: dir } });
  const db = openDatabase(join(dir, "yingke.db"));
  migrate(db);
  const s = createServices({ config, db, clock: systemClock, logger: silentLogger(), secretBox: createSecretBox(loadOrCreateKey(join(dir, "secret.key"))) });
  const site = s.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, { id: null, name: "seed" });
  await s.agents.create({ username: "alice", display_name: "Alice", role_id: "agent", password: STRONG_PASSWORD, must_change_password: false }, { id: null, name: "seed" });
  db.close();
  return site.site_key;
}

async function startServer(dir: string, port: number) {
  const proc = Bun.spawn([process.execPath, "src/main.ts", "serve", "--port", String(port), "--host", "127.0.0.1", "--data", dir], {
    cwd: ROOT, env: { ...process.env, YINGKE_LOG_LEVEL: "warn" }, stdout: "ignore", stderr: "ignore",
  });
  procs.push(proc);
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return proc;
    await Bun.sleep(25);
  }
  throw new Error("server did not start");
}

describe("durability", () => {
  it("after kill -9 and a restart every acknowledged message is there once, with no seq holes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "yingke-kill-"));
    const siteKey = await seed(dir);
    const port = 20000 + (randomBytes(2).readUInt16BE() % 20000);
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(dir, port);

    const agent = socketBrowser(base);
    await agent.signIn("alice");
    const wsUrl = `ws://127.0.0.1:${port}/ws/visitor?site=${siteKey}`;
    const v = await FrameClient.open(wsUrl, { origin: HOST });
    const token = v.frames[0].token;

    // A steady stream of 40 messages; the server is killed once 10 are acknowledged, so the
    // rest are in flight, queued, or not yet sent.
    const cids = Array.from({ length: 40 }, () => cid());
    const sending = (async () => {
      for (const [i, c] of cids.entries()) {
        if (v.closed) break;
        v.send({ type: "send", cid: c, body: `message ${i}` });
        await Bun.sleep(3); // pacing the sender, not a timing assertion
      }
    })();
    await v.next(() => v.frames.filter((f) => f.type === "ack").length >= 10, "ten acks");
    server.kill("SIGKILL");
    await sending;
    await server.exited;
    const acked = new Map(v.frames.filter((f) => f.type === "ack").map((f) => [f.cid, f.seq]));

    await startServer(dir, port);
    const back = await FrameClient.open(`${wsUrl}&token=${encodeURIComponent(token)}`, { origin: HOST });
    const conversation = back.frames[0].conversation;
    expect(conversation).not.toBeNull();
    // What the client had acknowledged survived with the same seq.
    back.send({ type: "resume", conversationId: conversation.id, lastSeq: 0 });
    await back.next((f) => f.type === "resumed", "resumed");
    const stored = new Map(back.frames.filter((f) => f.type === "message").map((f) => [f.cid, f.seq]));
    for (const [c, seq] of acked) expect(stored.get(c)).toBe(seq);

    // The client resends everything it holds no ack for; nothing is stored twice.
    for (const [i, c] of cids.entries()) if (!acked.has(c)) back.send({ type: "send", cid: c, body: `message ${i}` });
    const ackedSomewhere = (c: string) => acked.has(c) || back.frames.some((f) => f.type === "ack" && f.cid === c);
    await back.next(() => cids.every(ackedSomewhere), "every message acknowledged");
    expect(acked.size).toBeLessThan(cids.length); // the kill really landed mid-conversation
    const db = openDatabase(join(dir, "yingke.db"), { readonly: true });
    const rows = db.query("SELECT cid, seq FROM messages WHERE conversation_id = ? ORDER BY seq").all(conversation.id) as { cid: string; seq: number }[];
    db.close();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.cid).sort()).toEqual([...cids].sort());
    back.close();
  }, 30_000);
});
