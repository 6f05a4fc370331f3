import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";

/** Admin pages for websites (/admin/sites): create, validation, edit/disable, snippet, access, escaping. */
async function signedIn(t: TestApp, username: string, role: string) {
  const agent = await t.createAgent(username, role);
  const b = t.browser();
  const res = await b.signIn(username);
  expect(res.status).toBe(303);
  return { agent, b };
}

const auditActions = (t: TestApp) => (t.db.query("SELECT action, target_id FROM audit_log ORDER BY id").all() as { action: string; target_id: string }[]);
const invalidField = (page: string, name: string) => new RegExp(`name="${name}"[^>]*aria-invalid="true"`).test(page);
const navLinks = (page: string) => [...page.matchAll(/<nav class="admin-nav"[\s\S]*?<\/nav>/g)].join("").match(/href="[^"]+"/g) ?? [];

function siteForm(extra: Record<string, string> = {}) {
  return { name: "政务服务网", allowed_origins: "https://www.example.gov.cn\nhttp://intranet:8080/", default_language: "zh-CN", ...extra };
}

async function createSite(t: TestApp, b: Awaited<ReturnType<typeof signedIn>>["b"], extra: Record<string, string> = {}) {
  await b.get("/admin/sites/new");
  const res = await b.post("/admin/sites", siteForm(extra));
  expect(res.status).toBe(303);
  const m = /^\/admin\/sites\/(\d+)\?done=created$/.exec(res.headers.get("location") ?? "");
  expect(m).not.toBeNull();
  return t.services.sites.get(Number(m![1]))!;
}

describe("admin: sites", () => {
  it("creates a site via the form and shows its key and the embed snippet as escaped text", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const site = await createSite(t, b);
    expect(site.name).toBe("政务服务网");
    expect(site.allowed_origins).toBe("https://www.example.gov.cn\nhttp://intranet:8080");
    expect(site.default_language).toBe("zh-CN");

    const page = await (await b.get(`/admin/sites/${site.id}?done=created`)).text();
    expect(page).toContain("已创建网站");
    expect(page).toContain(`<code id="site-key">${site.site_key}</code>`);
    const snippet = `&lt;script async src=&quot;http://localhost/widget.js?site=${site.site_key}&quot; charset=&quot;utf-8&quot;&gt;&lt;/script&gt;`;
    expect(page).toContain(`<textarea id="embed-snippet" rows="3" readonly spellcheck="false">${snippet}</textarea>`);
    expect(page).not.toContain(`<script async src="http://localhost/widget.js`);
    expect(page).toContain("Ctrl+C");

    const list = await (await b.get("/admin/sites")).text();
    expect(list).toContain(`href="/admin/sites/${site.id}">政务服务网</a>`);
    expect(list).toContain(`<code>${site.site_key}</code>`);
    expect(list).toContain("<code>https://www.example.gov.cn</code>");
    expect(list).toContain("<code>http://intranet:8080</code>");
    expect(list).toContain("简体中文");
    expect(list).toContain("已启用");
    expect(list).toContain('href="/admin/sites/new"');
    expect(auditActions(t).some((a) => a.action === "site.create" && String(a.target_id) === String(site.id))).toBe(true);
  });

  it("the snippet uses https and the request's host when the server is reached over https", async () => {
    const t = createTestApp({ config: (c) => (c.server.external_https = true) });
    const { b } = await signedIn(t, "root", "admin");
    const site = await createSite(t, b);
    const page = await (await b.get(`/admin/sites/${site.id}`, { host: "chat.example.gov.cn:8443" })).text();
    expect(page).toContain(`src=&quot;https://chat.example.gov.cn:8443/widget.js?site=${site.site_key}&quot;`);
  });

  it("refuses invalid or missing origins with 422 at the field, keeping the values", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    await b.get("/admin/sites/new");
    for (const bad of ["javascript:alert(1)", "ftp://x", "https://a.com/path", "https://a.com?q=1", "www.example.gov.cn"]) {
      const res = await b.post("/admin/sites", siteForm({ allowed_origins: `https://ok.example.cn\n${bad}`, name: "Keep Me" }));
      expect(res.status).toBe(422);
      expect(res.headers.get("hx-push-url")).toBe("false");
      const page = await res.text();
      expect(invalidField(page, "allowed_origins")).toBe(true);
      expect(page).toContain('id="err-allowed_origins"');
      expect(page).toContain("不是有效的来源");
      expect(page).toContain('value="Keep Me"');
      expect(page).toContain(`https://ok.example.cn\n${bad.replace(/&/g, "&amp;")}</textarea>`);
    }
    const none = await b.post("/admin/sites", siteForm({ allowed_origins: "  \n " }));
    expect(none.status).toBe(422);
    const page = await none.text();
    expect(invalidField(page, "allowed_origins")).toBe(true);
    expect(page).toContain("至少填写一个允许的来源");
    expect(t.services.sites.list()).toEqual([]);
  });

  it("validates the name and the language", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const form = await (await b.get("/admin/sites/new")).text();
    for (const code of ["zh-CN", "zh-TW", "en", "ja", "ko"]) expect(form).toContain(`<option value="${code}"`);
    expect(form).toContain('<option value="zh-CN" selected>');

    let res = await b.post("/admin/sites", siteForm({ default_language: "fr" }));
    expect(res.status).toBe(422);
    expect(invalidField(await res.text(), "default_language")).toBe(true);

    res = await b.post("/admin/sites", siteForm({ name: "   " }));
    expect(res.status).toBe(422);
    expect(invalidField(await res.text(), "name")).toBe(true);

    res = await b.post("/admin/sites", siteForm({ name: "x".repeat(81) }));
    expect(res.status).toBe(422);
    expect(t.services.sites.list()).toEqual([]);

    res = await b.post("/admin/sites", siteForm({ default_language: "ja" }));
    expect(res.status).toBe(303);
    expect(t.services.sites.list()[0].default_language).toBe("ja");
  });

  it("edits and disables a site, with audit entries; an edit error re-renders at the field", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const site = await createSite(t, b);
    await b.get(`/admin/sites/${site.id}`);
    let res = await b.post(`/admin/sites/${site.id}`, { name: "Portal", allowed_origins: "https://portal.example.cn", default_language: "en", disabled: "1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/sites/${site.id}?done=saved`);
    let after = t.services.sites.get(site.id)!;
    expect(after).toMatchObject({ name: "Portal", allowed_origins: "https://portal.example.cn", default_language: "en", disabled: 1, site_key: site.site_key });
    const updates = auditActions(t).filter((a) => a.action === "site.update");
    expect(updates.length).toBe(1);

    let page = await (await b.get(res.headers.get("location")!)).text();
    expect(page).toContain("已保存");
    expect(page).toMatch(/name="disabled" value="1" checked/);
    expect(page).toMatch(/<option value="en" selected>/);
    expect(await (await b.get("/admin/sites")).text()).toContain("已停用");

    // The unticked checkbox is absent from the post: that re-enables the site.
    res = await b.post(`/admin/sites/${site.id}`, { name: "Portal", allowed_origins: "https://portal.example.cn", default_language: "en" });
    expect(res.status).toBe(303);
    after = t.services.sites.get(site.id)!;
    expect(after.disabled).toBe(0);
    expect(auditActions(t).filter((a) => a.action === "site.update").length).toBe(2);

    res = await b.post(`/admin/sites/${site.id}`, { name: "Renamed", allowed_origins: "ftp://x", default_language: "en", disabled: "1" });
    expect(res.status).toBe(422);
    page = await res.text();
    expect(invalidField(page, "allowed_origins")).toBe(true);
    expect(page).toContain('value="Renamed"');
    expect(page).toMatch(/name="disabled" value="1" checked/);
    expect(t.services.sites.get(site.id)!.name).toBe("Portal");

    expect((await b.get("/admin/sites/999")).status).toBe(404);
    expect((await b.get("/admin/sites/abc")).status).toBe(404);
  });

  it("an agent gets 403 on every sites route and does not see the nav entry", async () => {
    const t = createTestApp();
    const { b: admin } = await signedIn(t, "root", "admin");
    const site = await createSite(t, admin);
    expect(navLinks(await (await admin.get("/admin")).text())).toContain('href="/admin/sites"');

    const { b } = await signedIn(t, "bob", "agent");
    const overview = await (await b.get("/admin")).text();
    expect(navLinks(overview)).not.toContain('href="/admin/sites"');
    for (const path of ["/admin/sites", "/admin/sites/new", `/admin/sites/${site.id}`]) expect((await b.get(path)).status).toBe(403);
    await b.get("/admin");
    expect((await b.post("/admin/sites", siteForm({ name: "Sneaky" }))).status).toBe(403);
    await b.get("/admin");
    expect((await b.post(`/admin/sites/${site.id}`, siteForm({ name: "Sneaky" }))).status).toBe(403);
    expect(t.services.sites.list().map((s) => s.name)).toEqual(["政务服务网"]);
  });

  it("hostile names are shown escaped on the list and edit pages", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const payloads = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{constructor.constructor('alert(1)')()}}"];
    for (const name of payloads) {
      const site = await createSite(t, b, { name });
      expect(site.name).toBe(name);
      const edit = await (await b.get(`/admin/sites/${site.id}`)).text();
      const list = await (await b.get("/admin/sites")).text();
      for (const page of [edit, list]) {
        expect(page).not.toContain("<script>alert(1)</script>");
        expect(page).not.toContain("<img src=x");
        expect(page).not.toContain("{{constructor");
        expect(page).not.toContain("alert(1)')()}}");
      }
      expect(list).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      if (name.startsWith('"')) expect(edit).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
      if (name.startsWith("{")) expect(edit).toContain("&#123;&#123;constructor.constructor(&#39;alert(1)&#39;)()&#125;&#125;");
    }
  });
});
