import { afterAll, describe, expect, it } from "bun:test";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * install/install.sh run into a throwaway root (DESTDIR) with a stand-in binary: first install,
 * a second run as an upgrade (new binary, operator's configuration and data untouched), and the
 * user-creation path with fake account tools on PATH so nothing on this machine changes.
 */
const ROOT = join(import.meta.dir, "..");
const SCRIPT = join(ROOT, "install", "install.sh");
const tmp = mkdtempSync(join(tmpdir(), "yingke-install-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

function fakeBinary(name: string, text: string) {
  const p = join(tmp, name);
  writeFileSync(p, `#!/bin/sh\necho ${text}\n`);
  chmodSync(p, 0o755);
  return p;
}

/** A folder of fake commands that log their arguments; placed first on PATH. */
function fakeTools(calls: string) {
  const dir = join(tmp, "fakebin");
  mkdirSync(dir, { recursive: true });
  const tool = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> "${calls}"\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  tool("id", 'if [ "$1" = "-u" ]; then exec /usr/bin/id -u; fi\nexit 1');
  tool("useradd", "exit 0");
  tool("chown", "exit 0");
  tool("chgrp", "exit 0");
  tool("systemctl", "exit 0");
  return dir;
}

async function install(destdir: string, binary: string | null, env: Record<string, string> = {}, path = process.env.PATH ?? "/usr/bin:/bin") {
  const p = Bun.spawn(["sh", SCRIPT, ...(binary ? [binary] : [])], {
    cwd: tmp,
    env: { PATH: path, DESTDIR: destdir, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, output: stdout + stderr };
}

describe("install/install.sh", () => {
  const dest = join(tmp, "root");
  const bin = join(dest, "opt", "yingke", "yingke");
  const conf = join(dest, "etc", "yingke", "yingke.toml");
  const data = join(dest, "var", "lib", "yingke");
  const unit = join(dest, "etc", "systemd", "system", "yingke.service");
  const calls = join(tmp, "calls.log");

  it("installs binary, configuration, data folder and unit with the right modes", async () => {
    const r = await install(dest, fakeBinary("v1", "v1"), { SKIP_USER: "1" }, `${fakeTools(calls)}:${process.env.PATH}`);
    expect(r.code).toBe(0);
    expect(readFileSync(bin, "utf8")).toContain("echo v1");
    expect(mode(bin)).toBe(0o755);
    expect(readFileSync(conf, "utf8")).toBe(readFileSync(join(ROOT, "config", "yingke.toml"), "utf8"));
    expect(mode(conf)).toBe(0o640);
    expect(mode(join(dest, "etc", "yingke"))).toBe(0o750);
    expect(statSync(data).isDirectory()).toBe(true);
    expect(mode(data)).toBe(0o700);
    expect(readFileSync(unit, "utf8")).toBe(readFileSync(join(ROOT, "install", "yingke.service"), "utf8"));
    expect(mode(unit)).toBe(0o644);
    // With DESTDIR nothing is asked of systemd or the account database.
    expect(existsSync(calls)).toBe(false);
  });

  it("a second run upgrades the binary and keeps the operator's configuration and data", async () => {
    appendFileSync(conf, "\n# edited by the operator\n");
    writeFileSync(conf, readFileSync(conf, "utf8").replace("port = 8080", "port = 9090"));
    const edited = readFileSync(conf, "utf8");
    writeFileSync(join(data, "yingke.db"), "precious");
    const r = await install(dest, fakeBinary("v2", "v2"), { SKIP_USER: "1" });
    expect(r.code).toBe(0);
    expect(r.output).toContain("kept existing configuration");
    expect(r.output).toContain("kept existing data folder");
    expect(readFileSync(bin, "utf8")).toContain("echo v2");
    expect(existsSync(bin + ".new")).toBe(false);
    expect(readFileSync(conf, "utf8")).toBe(edited);
    expect(readFileSync(join(data, "yingke.db"), "utf8")).toBe("precious");
    expect(mode(data)).toBe(0o700);
  });

  it("refuses a missing binary", async () => {
    const r = await install(join(tmp, "other"), join(tmp, "no-such-binary"), { SKIP_USER: "1" });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("not found");
    expect(existsSync(join(tmp, "other", "opt"))).toBe(false);
  });

  it("creates a no-login system user and hands it the data folder", async () => {
    rmSync(calls, { force: true });
    const fresh = join(tmp, "with-user");
    const r = await install(fresh, fakeBinary("v3", "v3"), { SKIP_USER: "0" }, `${fakeTools(calls)}:${process.env.PATH}`);
    expect(r.code).toBe(0);
    const log = readFileSync(calls, "utf8");
    expect(log).toMatch(/^useradd --system .*--shell \S*(nologin|false) yingke$/m);
    expect(log).toContain(`chown yingke:yingke ${join(fresh, "var", "lib", "yingke")}`);
    expect(log).toContain(`chgrp yingke ${join(fresh, "etc", "yingke", "yingke.toml")}`);
    expect(log).not.toContain("systemctl");
  });
});

describe("install/yingke.service", () => {
  const text = readFileSync(join(ROOT, "install", "yingke.service"), "utf8");
  it("runs the installed binary as the service user with hardening", () => {
    for (const line of [
      "ExecStart=/opt/yingke/yingke serve --config /etc/yingke/yingke.toml --data /var/lib/yingke",
      "User=yingke",
      "Restart=on-failure",
      "NoNewPrivileges=true",
      "ProtectSystem=strict",
      "ReadWritePaths=/var/lib/yingke",
      "PrivateTmp=true",
      "ProtectHome=true",
      "CapabilityBoundingSet=\n",
      "TimeoutStopSec=10",
      "KillSignal=SIGTERM",
    ]) {
      expect(text).toContain(line);
    }
    // The JIT needs writable+executable memory.
    expect(text).not.toContain("MemoryDenyWriteExecute=true");
  });
});
