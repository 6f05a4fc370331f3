import { api } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import type { VisitorRow } from "./model.ts";

/** How long the server keeps gone visitors on the list (visitors service, keepGoneMs). */
export const GONE_KEEP_MS = 10 * 60_000;

export interface Change {
  before: VisitorRow | undefined;
  after: VisitorRow | undefined;
}

/**
 * Every visitor the agent sees, by id, fed by GET /api/visitors/online and the agent channel's
 * `visitor`, `visitor_gone` and `message` frames. Frames only record changes; the owner takes
 * them (`take`) once per animation frame, so 200 updates a second cost one render per frame.
 * Rows are replaced, never mutated, so a view can find a changed row's old place by identity.
 */
export class VisitorStore {
  rows = new Map<number, VisitorRow>();
  sites = new Map<number, string>();
  /** Server time minus local time, for durations shown against the server's timestamps. */
  offset = 0;
  loaded = false;
  private pending: Change[] = [];
  private reloaded = false;
  private unsubscribe: (() => void)[] = [];
  private loads = new Set<VisitorRow[]>();

  constructor(private changed: () => void) {}

  start() {
    this.unsubscribe = [
      onFrame("visitor", (f) => this.put(f.visitor as VisitorRow)),
      onFrame("visitor_gone", (f) => this.patch(Number(f.visitorId), { status: "gone", goneAt: this.now() })),
      onFrame("message", (f) => {
        if (f.kind === "event" || !f.visitorId) return;
        const body = f.kind === "file" ? `[file] ${f.file?.name ?? f.body}` : String(f.body ?? "");
        this.patch(Number(f.visitorId), { lastMessage: body.slice(0, 100), lastMessageAt: Number(f.at) }, (r) => r.conversationId === f.conversationId);
      }),
      // After a reconnect the channel may have missed frames: fetch the whole list again.
      onFrame("connected", () => void this.load().catch(() => {})),
    ];
  }

  stop() {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  now = () => Date.now() + this.offset;

  async load() {
    // Frames that arrive while the list is in flight may be newer than it: kept and applied on top.
    const during: VisitorRow[] = [];
    this.loads.add(during);
    try {
      const res = await api<{ serverTime: number; sites: { id: number; name: string }[]; visitors: VisitorRow[] }>("GET", "/api/visitors/online");
      this.offset = res.serverTime - Date.now();
      this.sites = new Map(res.sites.map((s) => [s.id, s.name]));
      this.rows = new Map(res.visitors.map((r) => [r.id, r]));
      for (const r of during) this.rows.set(r.id, r);
      this.loaded = true;
      this.reloaded = true;
      this.pending = [];
      this.changed();
    } finally {
      this.loads.delete(during);
    }
  }

  put(row: VisitorRow) {
    if (!row || typeof row.id !== "number") return;
    for (const during of this.loads) during.push(row);
    this.pending.push({ before: this.rows.get(row.id), after: row });
    this.rows.set(row.id, row);
    this.changed();
  }

  /**
   * The server forgets visitors some minutes after they left without a frame; the console drops
   * them after the same time, so a long-open console does not collect gone rows forever.
   */
  pruneGone(keepMs = GONE_KEEP_MS) {
    const now = this.now();
    for (const [id, r] of this.rows) {
      if (r.status === "gone" && r.goneAt !== null && now - r.goneAt > keepMs) {
        this.pending.push({ before: r, after: undefined });
        this.rows.delete(id);
      }
    }
    if (this.pending.length) this.changed();
  }

  private patch(id: number, fields: Partial<VisitorRow>, when: (r: VisitorRow) => boolean = () => true) {
    const before = this.rows.get(id);
    if (!before || !when(before)) return;
    this.put({ ...before, ...fields });
  }

  /** The changes since the last call, or "reload" when the whole list was replaced. */
  take(): Change[] | "reload" {
    if (this.reloaded) {
      this.reloaded = false;
      this.pending = [];
      return "reload";
    }
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
