/** Client-side helpers: agent sign-in over HTTP, WebSockets opened in awaited batches. */

/** A signed-in agent: the cookie header for its requests and its CSRF token for API calls. */
export interface AgentSession {
  base: string;
  cookie: string;
  csrf: string;
  api(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }>;
}

export async function signInAgent(base: string, username: string, password: string): Promise<AgentSession> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      if (/max-age=0/i.test(c)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  const csrfOf = (html: string) => {
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error("no _csrf field on the page");
    return m[1].replace(/&amp;/g, "&");
  };
  const get = (path: string) => fetch(base + path, { headers: { accept: "text/html", cookie: cookie() }, redirect: "manual" }).then(keep);
  const login = await (await get("/login")).text();
  const res = keep(
    await fetch(base + "/login", {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookie(), accept: "text/html" },
      body: new URLSearchParams({ _csrf: csrfOf(login), username, password }).toString(),
    }),
  );
  await res.arrayBuffer();
  if (res.status !== 303 && res.status !== 302) throw new Error(`sign-in of ${username} answered ${res.status}`);
  const csrf = csrfOf(await (await get("/account")).text());
  const session: AgentSession = {
    base,
    cookie: cookie(),
    csrf,
    async api(method, path, json) {
      const r = await fetch(base + path, {
        method,
        headers: { accept: "application/json", "content-type": "application/json", origin: base, cookie: session.cookie, "x-csrf-token": csrf },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
  };
  return session;
}

/**
 * Opens a WebSocket and resolves when its first `connected` frame arrives. `onFrame` then gets
 * every later frame's text.
 */
export function openSocket(url: string, headers: Record<string, string>, onFrame?: (text: string) => void, timeoutMs = 30_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers } as any);
    let ready = false;
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`no connected frame within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.onmessage = (e) => {
      const text = String(e.data);
      if (!ready && text.includes('"type":"connected"')) {
        ready = true;
        clearTimeout(timer);
        resolve(ws);
      } else onFrame?.(text);
    };
    ws.onclose = (e) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`closed ${e.code} ${e.reason}`));
    };
    ws.onerror = () => {};
  });
}

/** Runs open(i) for i in [0, n) in awaited batches (many simultaneous opens on one URL misbehave in Bun). */
export async function inBatches<T>(n: number, batch: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += batch) {
    const part = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, k) => open(i + k)));
    out.push(...part);
  }
  return out;
}

/** A distinct private address per simulated visitor (sent as X-Forwarded-For through the trusted loopback proxy). */
export const visitorIp = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

export const BROWSER_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
