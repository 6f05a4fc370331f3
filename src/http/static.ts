import { Elysia } from "elysia";
import { join, normalize } from "node:path";
import { PUBLIC_DIR } from "../platform/paths.ts";
import { notFound } from "../platform/errors.ts";

/**
 * Built front-end files (htmx, CSS, console, widget) from build/public, embedded in the binary.
 * Paths are normalised and confined to the public folder.
 */
export function servePublic(relative: string, headers: Record<string, string> = { "cache-control": "public, max-age=3600" }) {
  const clean = normalize("/" + relative).replace(/^\/+/, "");
  if (clean.split("/").some((p) => p === ".." || p.startsWith("."))) throw notFound();
  const file = Bun.file(join(PUBLIC_DIR, clean));
  return file.exists().then((ok) => {
    if (!ok) throw notFound();
    return new Response(file, { headers });
  });
}

export function staticAssets() {
  return new Elysia({ name: "static-assets" }).get("/assets/*", ({ params }) => servePublic("assets/" + params["*"]));
}

/**
 * The agent console's single page and its bundle (routing inside the console is client-side).
 * The page itself is never cached: it is behind the session, and a cached copy would outlive a
 * sign-out and pin an old bundle after an upgrade.
 */
export function consoleAssets() {
  const page = () => servePublic("console/index.html", { "cache-control": "no-store" });
  return new Elysia({ name: "console-assets" })
    .get("/console", page)
    .get("/console/*", ({ params }) => (params["*"].includes(".") ? servePublic("console/" + params["*"]) : page()));
}

/**
 * The widget, loaded by other sites' pages. The loader URL never changes (it is in the snippet),
 * so it is cached briefly; the panel is fetched by the loader. Both may be embedded cross-origin.
 */
export function widgetAssets() {
  const headers = (maxAge: number) => ({ "cache-control": `public, max-age=${maxAge}`, "cross-origin-resource-policy": "cross-origin", "content-type": "text/javascript; charset=utf-8" });
  return new Elysia({ name: "widget-assets" })
    .get("/widget.js", () => servePublic("widget/widget.js", headers(300)))
    .get("/widget/*", ({ params }) => servePublic("widget/" + params["*"], headers(3600)));
}
