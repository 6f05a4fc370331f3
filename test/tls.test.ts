import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { createTestApp } from "./harness.ts";
import { listenOptions } from "../src/cli/serve.ts";
import { startServer } from "../src/http/server.ts";

describe("HTTPS", () => {
  it("serves TLS from the configured certificate and key, with HSTS and a __Host- cookie", async () => {
    let certPaths = { cert: "", key: "" };
    const t = createTestApp({
      realSocketPeer: true,
      config: (c) => {
        c.tls.cert = join(c.data.dir, "cert.pem");
        c.tls.key = join(c.data.dir, "key.pem");
        c.server.port = 0;
        c.server.host = "127.0.0.1";
        certPaths = { cert: c.tls.cert, key: c.tls.key };
      },
    });
    const made = Bun.spawnSync(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
      "-keyout", certPaths.key, "-out", certPaths.cert], { stderr: "pipe" });
    expect(made.exitCode).toBe(0);
    const server = startServer(t.app, listenOptions(t.config));
    try {
      const base = `https://127.0.0.1:${server.port}`;
      const res = await fetch(base + "/login", { tls: { rejectUnauthorized: false } } as RequestInit);
      expect(res.status).toBe(200);
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      expect(res.headers.getSetCookie().join(";")).toContain("__Host-yk_csrf=");
      expect(res.headers.getSetCookie().join(";")).toContain("Secure");
      // Plain HTTP on the same port is not served.
      await expect(fetch(base.replace("https", "http") + "/healthz")).rejects.toThrow();
    } finally {
      await server.stop();
    }
  });
});
