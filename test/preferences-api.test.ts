import { describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";

/** GET/PUT /api/me/preferences: defaults, partial merge, per agent, validation with the field named. */
async function signedIn(t: ReturnType<typeof createTestApp>, username: string) {
  await t.createAgent(username);
  const b = t.browser();
  await b.signIn(username);
  const me = await (await b.get("/api/me", { accept: "application/json" })).json();
  const call = async (method: string, json?: unknown) => {
    const res = await b.request(method, "/api/me/preferences", { json, headers: { accept: "application/json", "x-csrf-token": me.csrfToken } });
    return { status: res.status, body: await res.json() };
  };
  return { b, call };
}

describe("agent preferences API", () => {
  it("starts from the defaults and merges partial updates, per agent", async () => {
    const t = createTestApp();
    const alice = await signedIn(t, "alice");
    const bob = await signedIn(t, "bob");
    const first = await alice.call("GET");
    expect(first.status).toBe(200);
    expect(first.body.preferences).toMatchObject({ sendKey: "enter", nextChatKey: "Alt+Z", autoAwayMinutes: 10, showDraft: true, lang: "zh-CN" });
    expect(first.body.preferences.notify.message).toEqual({ desktop: true, sound: true, title: true });

    const put = await alice.call("PUT", { sendKey: "ctrl-enter", autoAwayMinutes: 0, notify: { message: { sound: false } }, visitorColumns: ["status", "name"], visitorSort: { column: "enteredAt", dir: "desc" } });
    expect(put.status).toBe(200);
    expect(put.body.preferences.notify.message).toEqual({ desktop: true, sound: false, title: true });
    const again = (await alice.call("GET")).body.preferences;
    expect(again).toMatchObject({ sendKey: "ctrl-enter", autoAwayMinutes: 0, nextChatKey: "Alt+Z", visitorColumns: ["status", "name"], visitorSort: { column: "enteredAt", dir: "desc" } });
    expect(again.notify.chatRequest).toEqual({ desktop: true, sound: true, title: true });
    // Bob's are untouched.
    expect((await bob.call("GET")).body.preferences.sendKey).toBe("enter");
  });

  it("refuses unknown keys and bad values with 422 and the field, storing nothing", async () => {
    const t = createTestApp();
    const alice = await signedIn(t, "alice");
    const cases: [unknown, string][] = [
      [{ colour: "blue" }, "colour"],
      [{ sendKey: "space" }, "sendKey"],
      [{ nextChatKey: "Alt+" }, "nextChatKey"],
      [{ autoAwayMinutes: 241 }, "autoAwayMinutes"],
      [{ autoAwayMinutes: 1.5 }, "autoAwayMinutes"],
      [{ showDraft: "yes" }, "showDraft"],
      [{ lang: "fr" }, "lang"],
      [{ notify: { email: {} } }, "notify.email"],
      [{ notify: { message: { vibrate: true } } }, "notify.message.vibrate"],
      [{ notify: { message: { sound: 1 } } }, "notify.message.sound"],
      [{ visitorColumns: ["ok", "<bad>"] }, "visitorColumns"],
      [{ visitorSort: { column: "ip", dir: "up" } }, "visitorSort.dir"],
      [{ sendKey: "ctrl-enter", lang: "xx" }, "lang"],
    ];
    for (const [body, field] of cases) {
      const r = await alice.call("PUT", body);
      expect({ body, status: r.status, field: r.body.error?.field }).toEqual({ body, status: 422, field });
    }
    expect(t.db.query("SELECT count(*) AS n FROM agent_preferences").get()).toEqual({ n: 0 });
    expect((await alice.call("GET")).body.preferences.sendKey).toBe("enter");
  });

  it("needs a session and the CSRF token", async () => {
    const t = createTestApp();
    const anon = t.browser();
    expect((await anon.get("/api/me/preferences", { accept: "application/json" })).status).toBe(401);
    const alice = await signedIn(t, "alice");
    const res = await alice.b.request("PUT", "/api/me/preferences", { json: { showDraft: false }, headers: { accept: "application/json" } });
    expect(res.status).toBe(403);
  });
});
