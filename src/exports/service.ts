import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Services } from "../services.ts";
import type { Principal } from "../auth/service.ts";
import type { Actor, AuditService } from "../audit/service.ts";
import type { Clock } from "../platform/clock.ts";
import type { Logger } from "../platform/logger.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";
import type { ExportSource, ExportTable } from "./source.ts";
import { EXPORT_SOURCES } from "./sources.ts";
import { FileSink } from "./file-sink.ts";
import { FORMATS, isFormat, type ExportFormat } from "./writers/index.ts";

export type ExportState = "running" | "done" | "failed" | "cancelled";

/** What the owner sees of a job (GET /api/exports/:id). */
export interface ExportView {
  id: string;
  source: string;
  format: ExportFormat;
  state: ExportState;
  rows: number;
  total: number | null;
  filename: string;
  sha256: string | null;
  error: string | null;
}

interface Job extends ExportView {
  agentId: number;
  actor: Actor;
  title: string;
  filter: Record<string, string>;
  path: string;
  table: ExportTable | null;
  createdAt: number;
  finishedAt: number | null;
  cancel: boolean;
  started: boolean;
  settled: Promise<void>;
  resolve: () => void;
  bytes: number;
  /** The most bytes ever held between the source and the disk (writer + file stream buffers). */
  peakBuffered: number;
}

/** Finished files are kept this long for the download, then removed. */
export const KEEP_MS = 60 * 60_000;
/** Jobs running at once (the appliance has few cores; the rest wait their turn). */
const PARALLEL = 2;
/** Unfinished jobs one agent may have. */
const PER_AGENT = 3;
/** Rows per batch, and a cap on the text of a batch so long transcripts stay small too. */
const BATCH_ROWS = 500;
const BATCH_CHARS = 512 * 1024;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const stamp = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};

/**
 * The exports engine (X4): a request is checked and its source opened at once (a bad filter is
 * a 422 before anything runs), then a job writes the file into `<data>/exports/` under an
 * unguessable name. It pulls a batch of rows, hands it to the writer, waits until the writer and
 * the disk have taken it (backpressure) and yields to the event loop before the next batch, so a
 * million-row export neither fills memory nor stalls live chats. A finished file is audited
 * (`data.export` with source, format, filter, rows and the SHA-256 of its bytes) and is kept for
 * its owner for an hour; files are also removed at start-up.
 */
export function createExportsService(deps: { dir: string; clock: Clock; audit: AuditService; logger: Logger; services: () => Services }) {
  const jobs = new Map<string, Job>();
  const waiting: Job[] = [];
  let active = 0;

  const view = (j: Job): ExportView => ({
    id: j.id, source: j.source, format: j.format, state: j.state, rows: j.rows, total: j.total, filename: j.filename, sha256: j.sha256, error: j.error,
  });
  const owned = (p: Principal, id: string) => {
    const j = jobs.get(id);
    if (!j || j.agentId !== p.agent.id) throw notFound("没有这个导出 / no such export");
    return j;
  };

  function readFilter(raw: unknown): Record<string, string> {
    if (raw === undefined || raw === null) return {};
    if (typeof raw !== "object" || Array.isArray(raw)) throw invalid("筛选条件格式不对 / the filter must be an object", "filter");
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined || v === null || v === "") continue;
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw invalid(`筛选条件 ${k} 须为文字 / filter ${k} must be text`, k);
      out[k] = String(v);
    }
    return out;
  }

  function start(p: Principal, actor: Actor, body: { source?: unknown; format?: unknown; filter?: unknown }): ExportView {
    const source: ExportSource | undefined = EXPORT_SOURCES.find((x) => x.key === body.source);
    if (!source) throw invalid("没有这种导出 / unknown export source", "source");
    if (source.requires.some((r) => !p.permissions.has(r))) throw forbidden(`没有导出${source.zh}的权限 / you may not export the ${source.en.toLowerCase()}`);
    if (!isFormat(body.format)) throw invalid("格式须为 csv、html 或 xlsx / format must be csv, html or xlsx", "format");
    const format = body.format;
    const filter = readFilter(body.filter);
    const unfinished = [...jobs.values()].filter((j) => j.agentId === p.agent.id && j.state === "running").length;
    if (unfinished >= PER_AGENT) throw conflict(`已有 ${PER_AGENT} 个导出在进行，请稍候 / ${PER_AGENT} exports are already running; wait for one to finish`);
    const table = source.open(deps.services(), p, filter);

    mkdirSync(deps.dir, { recursive: true, mode: 0o700 });
    const id = randomToken(16);
    const now = deps.clock.now();
    let resolve!: () => void;
    const settled = new Promise<void>((r) => (resolve = r));
    const job: Job = {
      id, source: source.key, format, state: "running", rows: 0, total: table.total, sha256: null, error: null,
      filename: `${source.zh}-${stamp(now)}.${FORMATS[format].ext}`,
      agentId: p.agent.id, actor, title: `${source.zh} ${source.en}`, filter, path: join(deps.dir, `${randomToken(24)}.${FORMATS[format].ext}`),
      table, createdAt: now, finishedAt: null, cancel: false, started: false, settled, resolve, bytes: 0, peakBuffered: 0,
    };
    jobs.set(id, job);
    waiting.push(job);
    queueMicrotask(pump);
    return view(job);
  }

  function pump() {
    while (active < PARALLEL && waiting.length) {
      const job = waiting.shift()!;
      active++;
      job.started = true;
      void run(job).finally(() => {
        active--;
        job.table = null;
        job.finishedAt = deps.clock.now();
        job.resolve();
        pump();
      });
    }
  }

  async function run(job: Job) {
    const table = job.table!;
    const sink = new FileSink(job.path);
    const writer = FORMATS[job.format].create(sink, { title: job.title, now: job.createdAt });
    const it = table.rows[Symbol.iterator]();
    try {
      await writer.begin(table.header);
      for (;;) {
        if (job.cancel) throw new Cancelled();
        const batch: string[][] = [];
        let chars = 0;
        let last = false;
        while (batch.length < BATCH_ROWS && chars < BATCH_CHARS) {
          const next = it.next();
          if (next.done) {
            last = true;
            break;
          }
          batch.push(next.value);
          for (const c of next.value) chars += c.length;
        }
        if (batch.length) await writer.rows(batch);
        job.rows += batch.length;
        if (last) break;
        await nextTurn();
      }
      await writer.end();
      job.peakBuffered = writer.peakBuffered() + sink.peakBuffered;
      job.sha256 = await sink.close();
      job.bytes = sink.bytes;
      // Audited before anyone can download it: no file leaves without its entry.
      deps.audit.record(job.actor, {
        action: "data.export", targetType: "export", targetId: job.id,
        detail: { source: job.source, title: job.title, format: job.format, filter: job.filter, rows: job.rows, bytes: job.bytes, sha256: job.sha256, filename: job.filename },
      });
      job.state = "done";
    } catch (err) {
      it.return?.();
      writer.abort();
      await sink.destroy();
      rmSync(job.path, { force: true });
      if (err instanceof Cancelled) {
        job.state = "cancelled";
      } else {
        job.state = "failed";
        job.error = err instanceof AppError ? err.message : "导出失败 / the export failed";
        if (!(err instanceof AppError)) deps.logger.error({ err, source: job.source, format: job.format }, "export failed");
      }
    }
  }

  /** Removes a job's file and forgets the job. */
  function drop(job: Job) {
    rmSync(job.path, { force: true });
    jobs.delete(job.id);
  }

  return {
    start,
    get: (p: Principal, id: string) => view(owned(p, id)),
    /** The finished file of the owner's job. */
    file(p: Principal, id: string) {
      const j = owned(p, id);
      if (j.state !== "done") throw conflict("导出尚未完成 / the export is not finished");
      return { path: j.path, filename: j.filename, asciiName: `yingke-${j.source}-${stamp(j.createdAt)}.${FORMATS[j.format].ext}`, contentType: FORMATS[j.format].contentType };
    },
    /** Cancels a running job (its file is removed) or removes a finished one. */
    async remove(p: Principal, id: string) {
      const j = owned(p, id);
      if (j.state === "running") {
        j.cancel = true;
        if (!j.started) {
          waiting.splice(waiting.indexOf(j), 1);
          j.state = "cancelled";
          j.table = null;
          j.finishedAt = deps.clock.now();
          j.resolve();
        }
        await j.settled;
        return;
      }
      drop(j);
    },
    /** Resolves when the job has finished, failed or been cancelled. */
    settled: (id: string) => jobs.get(id)?.settled ?? Promise.resolve(),
    /** Internal figures for tests: bytes written and the most ever buffered on the way. */
    stats: (id: string) => {
      const j = jobs.get(id);
      return j ? { bytes: j.bytes, peakBuffered: j.peakBuffered, path: j.path } : null;
    },
    /** Removes files and jobs finished more than an hour ago (a scheduled job calls this). */
    purgeExpired(): number {
      const now = deps.clock.now();
      const old = [...jobs.values()].filter((j) => j.finishedAt !== null && now - j.finishedAt >= KEEP_MS);
      old.forEach(drop);
      return old.length;
    },
    /** At start-up: no job survives a restart, so every file left in the folder goes. */
    purgeAll(): number {
      let n = 0;
      try {
        for (const name of readdirSync(deps.dir)) {
          rmSync(join(deps.dir, name), { force: true, recursive: true });
          n++;
        }
      } catch {
        // No folder yet: nothing to remove.
      }
      return n;
    },
  };
}
export type ExportsService = ReturnType<typeof createExportsService>;

class Cancelled extends Error {}
