import { describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";

describe("harness smoke", () => {
  it("signs in and reaches the console", async () => {
    const t = createTestApp();
    await t.createAgent("alice", "admin");
    const b = t.browser();
    const res = await b.signIn("alice");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console");
    const me = await b.get("/api/me", { accept: "application/json" });
    expect(me.status).toBe(200);
    expect((await me.json()).username).toBe("alice");
    const admin = await b.get("/admin");
    expect(admin.status).toBe(200);
  });
});
