import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { SseClient } from "./sse.ts";
import type { Config } from "../src/platform/config.ts";

const HOST = "http://shop.example.test";
const admin = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137]);

async function setup(config?: (c: Config) => void) {
  const t = createTestApp({ realSocketPeer: true, config });
  const server = t.listen();
  stops.push(() => void server.stop());
  const base = server.base;
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, admin);
  await t.createAgent("alice");
  const { b, ws: agentWs, api, close } = await agentDriver(base, "alice");
  stops.push(close);
  return { t, base, site, b, api, agentWs };
}

describe("HTTP fallback (SSE + POST)", () => {
  it("carries the same frames: connected, acks in the POST answer, pushes on the stream", async () => {
    const { base, site, api, agentWs } = await setup();
    const res = await fetch(`${base}/rt/visitor/stream?site=${site.site_key}`, { headers: { origin: HOST } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("access-control-allow-origin")).toBe(HOST);
    const sse = new SseClient(res);
    const connected = await sse.next((f) => f.type === "connected", "connected");
    expect(connected.stream).toBeTruthy();
    const post = (frame: object, token = connected.token) =>
      fetch(`${base}/rt/visitor/frames?stream=${connected.stream}&token=${encodeURIComponent(token)}`, { method: "POST", headers: { origin: HOST, "content-type": "text/plain" }, body: JSON.stringify(frame) });
    const id = cid();
    const r = await post({ type: "send", cid: id, body: "over http" });
    expect(r.headers.get("access-control-allow-origin")).toBe(HOST);
    const [ack] = await r.json();
    expect(ack).toMatchObject({ type: "ack", cid: id, seq: 1 });
    await sse.next((f) => f.type === "message" && f.cid === id, "own message on the stream");
    await agentWs.next((f) => f.type === "message" && f.cid === id, "agent gets it");
    await api("POST", `/api/conversations/${ack.conversationId}/accept`);
    await api("POST", `/api/conversations/${ack.conversationId}/messages`, { cid: cid(), body: "reply over ws→sse" });
    await sse.next((f) => f.type === "message" && f.body === "reply over ws→sse", "reply on the stream");
    // A wrong token for the stream is refused.
    expect((await post({ type: "ping" }, "v1.x.y.z")).status).toBe(403);
    await sse.cancel();
  });

  it("refuses a stream from an origin the site does not allow", async () => {
    const { base, site } = await setup();
    const res = await fetch(`${base}/rt/visitor/stream?site=${site.site_key}`, { headers: { origin: "http://evil.example.test" } });
    expect(res.status).toBe(403);
  });
});

describe("files", () => {
  async function visitorWithUpload(base: string, siteKey: string) {
    const v = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${siteKey}`, { origin: HOST });
    const token = v.frames[0].token;
    const upload = (bytes: Uint8Array, name: string) => {
      const form = new FormData();
      form.append("file", new File([bytes as BlobPart], name));
      return fetch(`${base}/rt/visitor/files?site=${siteKey}&token=${encodeURIComponent(token)}`, { method: "POST", headers: { origin: HOST }, body: form });
    };
    return { v, token, upload };
  }

  it("uploads an image, sends it, and serves it only to the visitor and its agents", async () => {
    const { base, site, b, api, agentWs, t } = await setup();
    const { v, token, upload } = await visitorWithUpload(base, site.site_key);
    const res = await upload(PNG, "screen shot.png");
    expect(res.status).toBe(200);
    const f = await res.json();
    expect(f).toMatchObject({ name: "screen shot.png", mime: "image/png", isImage: true, size: PNG.length });
    const fileCid = cid();
    v.send({ type: "file", cid: fileCid, fileId: f.id });
    const ack = await v.next((x) => x.type === "ack" && x.cid === fileCid, "file ack");
    const msg = await agentWs.next((x) => x.type === "message" && x.cid === fileCid, "file message");
    expect(msg.file).toMatchObject({ id: f.id, isImage: true, url: `/files/${f.id}`, thumbUrl: `/files/${f.id}/thumb` });

    const mine = await fetch(`${base}/files/${f.id}?token=${encodeURIComponent(token)}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-disposition")).toStartWith("attachment;");
    expect(mine.headers.get("x-content-type-options")).toBe("nosniff");
    expect(mine.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG);
    const thumb = await fetch(`${base}/files/${f.id}/thumb?token=${encodeURIComponent(token)}`);
    expect(thumb.headers.get("content-type")).toBe("image/png");

    // Another visitor, or nobody, cannot fetch it even with the id.
    const other = await visitorWithUpload(base, site.site_key);
    expect((await fetch(`${base}/files/${f.id}?token=${encodeURIComponent(other.token)}`)).status).toBe(404);
    expect((await fetch(`${base}/files/${f.id}`)).status).toBe(404);
    // The agent (waiting conversation, can accept) reads it with the session.
    expect((await b.get(`/files/${f.id}`)).status).toBe(200);
    await api("POST", `/api/conversations/${ack.conversationId}/accept`);
    expect(t.services.files.get(f.id)!.conversation_id).toBe(ack.conversationId);
    v.close();
    other.v.close();
  });

  it("refuses a file whose content does not match its extension, a type not on the list, and an oversize one", async () => {
    const { base, site } = await setup((c) => { c.files.max_bytes = 2048; });
    const { v, upload } = await visitorWithUpload(base, site.site_key);
    const fake = await upload(new TextEncoder().encode("<script>alert(1)</script>"), "cat.png");
    expect(fake.status).toBe(415);
    expect((await fake.json()).error.field).toBe("file");
    expect((await upload(new TextEncoder().encode("echo hi"), "run.sh")).status).toBe(415);
    expect((await upload(new Uint8Array(4096).fill(65), "big.txt")).status).toBe(413);
    expect((await upload(new TextEncoder().encode("plain notes"), "notes.txt")).status).toBe(200);
    v.close();
  });

  it("never shows SVG inline, even when allowed", async () => {
    const { base, site } = await setup((c) => { c.files.allowed_types = [...c.files.allowed_types, "svg"]; });
    const { v, token, upload } = await visitorWithUpload(base, site.site_key);
    const res = await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "logo.svg");
    const f = await res.json();
    expect(f.isImage).toBe(false);
    expect((await fetch(`${base}/files/${f.id}/thumb?token=${encodeURIComponent(token)}`)).status).toBe(404);
    const dl = await fetch(`${base}/files/${f.id}?token=${encodeURIComponent(token)}`);
    expect(dl.headers.get("content-type")).toBe("application/octet-stream");
    expect(dl.headers.get("content-disposition")).toStartWith("attachment;");
    v.close();
  });

  it("lets the assigned agent send a file to the visitor", async () => {
    const { base, site, b, agentWs } = await setup();
    const { v, token } = await visitorWithUpload(base, site.site_key);
    v.send({ type: "send", cid: cid(), body: "please send the form" });
    const ack = await v.next((x) => x.type === "ack", "ack");
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await (await b.get("/account")).text()))![1];
    await b.request("POST", `/api/conversations/${ack.conversationId}/accept`, { headers: { accept: "application/json", "x-csrf-token": csrf } });
    const form = new FormData();
    form.append("file", new File([new TextEncoder().encode("%PDF-1.4 test")], "form.pdf"));
    const res = await fetch(`${base}/api/conversations/${ack.conversationId}/files`, { method: "POST", headers: { cookie: b.cookieHeader(), origin: base, "x-csrf-token": csrf, accept: "application/json" }, body: form });
    expect(res.status).toBe(200);
    const msg = await v.next((x) => x.type === "message" && x.kind === "file", "file for the visitor");
    expect(msg.file.name).toBe("form.pdf");
    expect((await fetch(`${base}${msg.file.url}?token=${encodeURIComponent(token)}`)).status).toBe(200);
    void agentWs;
    v.close();
  });
});
