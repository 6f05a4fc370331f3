import { join } from "node:path";
import { readMail, type ReadMail } from "./mime.ts";

export interface SinkMail extends ReadMail { envelopeFrom: string; to: string[]; raw: string }

/**
 * Starts test/smtp-sink-server.ts as its own process (a real SMTP server on 127.0.0.1) and reads
 * what it accepted. `waitFor(n)` resolves once n messages have arrived in total.
 */
export async function startSmtpSink() {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "smtp-sink-server.ts")], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const mails: SinkMail[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const acks: (() => void)[] = [];
  let portResolve!: (p: number) => void;
  const port = new Promise<number>((r) => (portResolve = r));
  (async () => {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of proc.stdout as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith("PORT ")) portResolve(Number(line.slice(5)));
        else if (line.startsWith("OK ")) acks.shift()?.();
        else if (line.startsWith("{")) {
          const m = JSON.parse(line) as { from: string; to: string[]; raw: string };
          mails.push({ ...readMail(m.raw), envelopeFrom: m.from, to: m.to, raw: m.raw });
          for (const w of waiters.filter((w) => mails.length >= w.n)) w.resolve();
        }
      }
    }
  })();
  return {
    port: await port,
    mails,
    waitFor(n: number): Promise<SinkMail[]> {
      if (mails.length >= n) return Promise.resolve(mails.slice());
      return new Promise((resolve) => waiters.push({ n, resolve: () => resolve(mails.slice()) }));
    },
    /** Makes the server refuse (550) or accept recipients; resolves once it has switched. */
    setRefuse(on: boolean): Promise<void> {
      const done = new Promise<void>((r) => acks.push(r));
      proc.stdin.write(`refuse ${on ? "on" : "off"}\n`);
      proc.stdin.flush();
      return done;
    },
    async stop() {
      proc.kill();
      await proc.exited;
    },
  };
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
