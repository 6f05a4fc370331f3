import { describe, expect, it } from "bun:test";
import { writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { loadConfig } from "./config.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "yk-config-"));

describe("configuration", () => {
  it("runs on the embedded defaults alone", () => {
    const c = loadConfig();
    expect(c.server.port).toBe(8080);
    expect(c.server.host).toBe("0.0.0.0");
    expect(c.data.dir.endsWith("/data")).toBe(true);
    expect(c.audit.retention_days).toBeGreaterThanOrEqual(184);
  });

  it("layers file < environment < flags", () => {
    const file = join(tmp(), "y.toml");
    writeFileSync(file, "[server]\nport = 9001\nhost = \"127.0.0.1\"\n[log]\nlevel = \"warn\"\n");
    const c = loadConfig({ file, env: { YINGKE_SERVER_PORT: "9002", YINGKE_LOG_PRETTY: "true" }, flags: { port: "9003" } });
    expect(c.server.port).toBe(9003);
    expect(c.server.host).toBe("127.0.0.1");
    expect(c.log.level).toBe("warn");
    expect(c.log.pretty).toBe(true);
    expect(loadConfig({ file, env: { YINGKE_SERVER_PORT: "9002" } }).server.port).toBe(9002);
  });

  it("names an unknown key in the file", () => {
    const file = join(tmp(), "y.toml");
    writeFileSync(file, "[server]\nprot = 1\n");
    expect(() => loadConfig({ file })).toThrow(/server\.prot/);
  });

  it("names an unknown section and an unknown environment variable", () => {
    const file = join(tmp(), "y.toml");
    writeFileSync(file, "[srever]\nport = 1\n");
    expect(() => loadConfig({ file })).toThrow(/\[srever\]/);
    expect(() => loadConfig({ env: { YINGKE_SERVER_PROT: "1" } })).toThrow(/YINGKE_SERVER_PROT/);
  });

  it("names the key and the expected value for a wrong value", () => {
    expect(() => loadConfig({ env: { YINGKE_SERVER_PORT: "70000" } })).toThrow(/server\.port.*0 to 65535/);
    expect(() => loadConfig({ env: { YINGKE_LOG_LEVEL: "loud" } })).toThrow(/log\.level.*one of/);
    expect(() => loadConfig({ env: { YINGKE_AUDIT_RETENTION_DAYS: "30" } })).toThrow(/audit\.retention_days.*at least 184/);
    expect(() => loadConfig({ env: { YINGKE_SERVER_TRUSTED_PROXIES: "10.0.0.0/33" } })).toThrow(/trusted_proxies/);
    expect(() => loadConfig({ flags: { port: "eighty" } })).toThrow(/--port/);
  });

  it("rejects a type mismatch and half-configured TLS", () => {
    const file = join(tmp(), "y.toml");
    writeFileSync(file, "[server]\nport = \"8080\"\n");
    expect(() => loadConfig({ file })).toThrow(/server\.port must be an integer/);
    expect(() => loadConfig({ env: { YINGKE_TLS_CERT: "/x.pem" } })).toThrow(/tls\.cert and tls\.key/);
  });
});
