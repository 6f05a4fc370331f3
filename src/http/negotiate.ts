/** Pages get HTML (redirects, friendly error pages); /api and everything else gets JSON. */
export function wantsHtml(request: Request): boolean {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/api/") || path === "/healthz") return false;
  return (request.headers.get("accept") ?? "").includes("text/html") || request.headers.has("hx-request");
}
