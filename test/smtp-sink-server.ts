/**
 * A real SMTP server process for mail tests (smtp-server, the same protocol the appliance speaks
 * to an organisation's mail server). Prints `PORT <n>` once listening, then one JSON line per
 * accepted message `{from, to, raw}`. Reads commands on stdin: `refuse on` / `refuse off` make
 * it reject recipients with 550, as a mail server that refuses delivery would.
 */
import { SMTPServer } from "smtp-server";

let refuse = false;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (refuse) return callback(Object.assign(new Error("550 mailbox unavailable (test refusal)"), { responseCode: 550 }));
    callback();
  },
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username });
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      process.stdout.write(JSON.stringify({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw }) + "\n");
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () => {
  const address = server.server.address();
  process.stdout.write(`PORT ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d: string) => {
  for (const line of d.split("\n")) {
    if (line.trim() === "refuse on") refuse = true;
    if (line.trim() === "refuse off") refuse = false;
    if (line.trim() === "refuse on" || line.trim() === "refuse off") process.stdout.write(`OK ${line.trim()}\n`);
  }
});
