/**
 * The socket peer of each request, recorded by the server before the request enters the app.
 * The app's handler (app.handle) sees only the Request, so the address travels beside it.
 */
const peers = new WeakMap<Request, string>();

export const rememberPeer = (request: Request, address: string) => void peers.set(request, address);

/** The recorded peer; requests that came through no socket (tests via app.handle) count as loopback. */
export const peerOf = (request: Request) => peers.get(request) ?? "127.0.0.1";
