/**
 * A client process holding idle visitor WebSockets for bench/idle-memory.ts. Opens `count`
 * sockets in awaited batches of 50; each waits for `connected`, then sends one page frame and
 * stays idle. Prints {"ev":"ready","opened","failed"} and then waits for `quit` on stdin (or
 * stdin closing, or --hold seconds). With BENCH_NO_PAGE=1 no page frame is sent (diagnosis:
 * what the connection alone costs; the server's "all page frames handled" wait then times out).
 *
 *   bun bench/lib/idle-clients.ts <app|bare> <port> <siteKey|-> <origin|-> <firstIndex> <count> [--hold 170]
 */
import { BROWSER_UA, inBatches, openSocket, visitorIp } from "./clients.ts";
import { option } from "./args.ts";
import { stdinLines } from "./proc.ts";

const [mode, port, siteKey, origin, first, count] = process.argv.slice(2);
const out = (o: object) => process.stdout.write(JSON.stringify(o) + "\n");
setTimeout(() => process.exit(3), option("hold", 170) * 1000).unref?.();

const base = `ws://127.0.0.1:${port}`;
const sockets: WebSocket[] = [];
let failed = 0;
let firstError = "";
await inBatches(Number(count), 50, async (k) => {
  const i = Number(first) + k;
  try {
    const ws =
      mode === "app"
        ? await openSocket(`${base}/ws/visitor?site=${siteKey}`, { origin, "x-forwarded-for": visitorIp(i + 1), "user-agent": BROWSER_UA })
        : await openSocket(`${base}/ws/visitor?agent=1`, {});
    if (!process.env.BENCH_NO_PAGE) ws.send(JSON.stringify({ type: "page", url: `https://shop.bench.test/p/${i}`, title: `Product ${i}`, referrer: "https://www.example.com/", language: "en", screen: "1920x1080", timezone: "UTC" }));
    sockets.push(ws);
  } catch (e) {
    failed++;
    firstError ||= String(e);
  }
});
out({ ev: "ready", opened: sockets.length, failed, firstError });

await new Promise<void>((resolve) => void stdinLines((line) => void (line === "quit" && resolve())).then(resolve));
for (const ws of sockets) ws.close();
process.exit(0);
