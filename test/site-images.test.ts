import { describe, expect, it } from "bun:test";
import { createTestApp, ORIGIN, type TestApp } from "./harness.ts";

/** Site images (V2/V16): admin upload checked by magic bytes, public serving with nosniff. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");
const WEBP = new Uint8Array([...new TextEncoder().encode("RIFF"), 30, 0, 0, 0, ...new TextEncoder().encode("WEBPVP8 "), 1, 2]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

async function setup() {
  const t = createTestApp();
  await t.createAgent("root", "admin");
  const b = t.browser();
  expect((await b.signIn("root")).status).toBe(303);
  await b.get("/admin/sites");
  const site = t.services.sites.create({ name: "政务服务网", allowed_origins: "https://www.example.gov.cn", default_language: "zh-CN" }, { id: null, name: "test" });
  return { t, b, site, csrf: b.csrf() };
}

function upload(t: TestApp, s: { b: { cookieHeader(): string }; csrf: string }, siteId: number, bytes: Uint8Array, o: { name?: string; field?: string; htmx?: boolean; csrf?: string } = {}) {
  const field = o.field ?? "logo";
  const form = new FormData();
  form.append(o.htmx ? `upload_${field}` : "file", new File([bytes as Uint8Array<ArrayBuffer>], o.name ?? "image.png"));
  const headers: Record<string, string> = { cookie: s.b.cookieHeader(), origin: ORIGIN, host: "localhost", "x-csrf-token": o.csrf ?? s.csrf };
  if (o.htmx) headers["hx-request"] = "true";
  return t.app.handle(new Request(`${ORIGIN}/admin/sites/${siteId}/images?field=${field}`, { method: "POST", headers, body: form }));
}

const auditOf = (t: TestApp) => t.db.query("SELECT action, target_id, detail FROM audit_log WHERE action = 'site.image_upload'").all() as { action: string; target_id: string; detail: string }[];

describe("site images", () => {
  it("stores PNG, JPEG, GIF and WebP by content and serves them publicly with their type, nosniff and a long cache", async () => {
    const s = await setup();
    for (const [bytes, mime] of [[PNG, "image/png"], [JPEG, "image/jpeg"], [GIF, "image/gif"], [WEBP, "image/webp"]] as const) {
      // The name says .png every time: the bytes decide the type.
      const res = await upload(s.t, s, s.site.id, bytes);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { id: string; url: string; field: string };
      expect(body.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(body.url).toBe(`/widget/assets/${body.id}`);
      expect(body.field).toBe("logo");

      // No session, another origin's page: served anyway (host pages show them).
      const served = await s.t.app.handle(new Request(`${ORIGIN}${body.url}`, { headers: { origin: "https://www.example.gov.cn" } }));
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe(mime);
      expect(served.headers.get("x-content-type-options")).toBe("nosniff");
      expect(served.headers.get("cache-control")).toContain("max-age=31536000");
      expect(served.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    }
    const audit = auditOf(s.t);
    expect(audit.length).toBe(4);
    expect(audit.every((a) => a.target_id === String(s.site.id) && JSON.parse(a.detail).purpose === "logo")).toBe(true);
  });

  it("refuses SVG, other types, wrong magic bytes, empty and oversized files with 422 naming the field", async () => {
    const s = await setup();
    const cases: [Uint8Array, string, RegExp][] = [
      [SVG, "logo.svg", /SVG/],
      [SVG, "logo.png", /SVG/],
      [new TextEncoder().encode("<html><script>alert(1)</script></html>"), "x.png", /PNG、JPEG、GIF 或 WebP/],
      [new Uint8Array([0x42, 0x4d, 1, 2, 3, 4]), "x.bmp", /PNG、JPEG、GIF 或 WebP/],
      [new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), "x.jpg", /PNG、JPEG、GIF 或 WebP/],
      [new Uint8Array(512 * 1024 + 1).fill(0).map((_, i) => (i < 8 ? PNG[i] : 0)), "big.png", /512 KB/],
    ];
    for (const [bytes, name, message] of cases) {
      const res = await upload(s.t, s, s.site.id, bytes, { name });
      expect(res.status).toBe(422);
      const err = ((await res.json()) as { error: { code: string; message: string; field: string } }).error;
      expect(err.field).toBe("file");
      expect(err.message).toMatch(message);
    }
    const empty = await upload(s.t, s, s.site.id, new Uint8Array(0));
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { field: string } }).error.field).toBe("file");
    expect(auditOf(s.t).length).toBe(0);
    expect(s.t.db.query("SELECT count(*) AS n FROM site_images").get()).toEqual({ n: 0 });
  });

  it("answers an htmx form with the image block: the new id in the hidden field, or the error beside it keeping the old one", async () => {
    const s = await setup();
    const ok = await upload(s.t, s, s.site.id, PNG, { htmx: true, field: "banner" });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    // Swapped in, it refreshes the preview with the form as it now is.
    expect(html).toContain(`hx-post="/admin/sites/${s.site.id}/settings/branding/preview" hx-trigger="load"`);
    const id = /name="banner" value="([A-Za-z0-9_-]{32})"/.exec(html)?.[1];
    expect(id).toBeDefined();
    expect(html).toContain(`src="/widget/assets/${id}"`);
    expect(html).toContain('id="imgf-banner"');

    const form = new FormData();
    form.append("banner", id!);
    form.append("upload_banner", new File([SVG], "evil.svg"));
    const bad = await s.t.app.handle(new Request(`${ORIGIN}/admin/sites/${s.site.id}/images?field=banner`, { method: "POST", headers: { cookie: s.b.cookieHeader(), origin: ORIGIN, host: "localhost", "x-csrf-token": s.csrf, "hx-request": "true" }, body: form }));
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain(`name="banner" value="${id}"`);
    expect(page).toContain('id="err-banner"');
    expect(page).toContain("SVG");
    expect(page).toContain('aria-invalid="true"');
  });

  it("needs sites.manage and the CSRF token; unknown fields, sites and ids are refused", async () => {
    const s = await setup();
    expect((await upload(s.t, s, s.site.id, PNG, { csrf: "x".repeat(s.csrf.length) })).status).toBe(403);
    expect((await upload(s.t, s, s.site.id, PNG, { field: "script" })).status).toBe(422);
    expect((await upload(s.t, s, 9999, PNG)).status).toBe(404);

    await s.t.createAgent("agent1", "agent");
    const a = s.t.browser();
    await a.signIn("agent1");
    await a.get("/account");
    expect((await upload(s.t, { b: a, csrf: a.csrf() }, s.site.id, PNG)).status).toBe(403);

    const anon = await s.t.app.handle(new Request(`${ORIGIN}/widget/assets/${"A".repeat(32)}`));
    expect(anon.status).toBe(404);
    expect((await s.t.app.handle(new Request(`${ORIGIN}/widget/assets/..%2Fyingke.db`))).status).toBe(404);
  });
});
