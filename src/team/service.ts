import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { AgentsService } from "../agents/service.ts";
import type { FilesService } from "../files/service.ts";
import { AppError, invalid, notFound } from "../platform/errors.ts";
import { createTeamRepo } from "./repo.ts";
import { createPresence } from "./presence.ts";
import { MAX_INTERNAL_MESSAGE, type ChannelRow, type InternalFileRow, type InternalMessageRow } from "./model.ts";

export type { ChannelRow, InternalMessageRow, InternalFileRow };

const CID = /^[A-Za-z0-9_-]{1,64}$/;

export interface InternalSent {
  message: InternalMessageRow;
  channel: ChannelRow;
  duplicate: boolean;
}

/**
 * Internal chat (A19): the company channel (every enabled agent) and one direct channel per pair
 * of agents. Messages go through the group-commit writer like visitor chat: a gapless seq per
 * channel, and a resent cid returns the stored message. Sending also moves the sender's own read
 * position, so one's own messages never count as unread.
 */
export function createTeamService(deps: { db: Database; clock: Clock; events: EventBus; writer: GroupCommitWriter; agents: AgentsService; files: FilesService }) {
  const repo = createTeamRepo(deps.db);
  const presence = createPresence({ agents: deps.agents, events: deps.events });

  const enabled = (id: number) => {
    const a = deps.agents.get(id);
    return Boolean(a && !a.disabled);
  };
  const isMember = (c: ChannelRow, agentId: number) => (c.kind === "company" ? enabled(agentId) : c.agent_a === agentId || c.agent_b === agentId);
  /** Members of a channel for fan-out; null means every agent (the company channel). */
  const membersOf = (c: ChannelRow): number[] | null => (c.kind === "company" ? null : [c.agent_a!, c.agent_b!]);

  /** The channel, if this agent may use it; unknown and foreign look the same. */
  function channelFor(agentId: number, channelId: number): ChannelRow {
    const c = Number.isInteger(channelId) ? repo.byId(channelId) : null;
    if (!c || !isMember(c, agentId)) throw notFound("会话不存在 / channel not found");
    return c;
  }

  function summary(c: ChannelRow, agentId: number) {
    const readSeq = repo.readSeq(c.id, agentId);
    const peerId = c.kind === "direct" ? (c.agent_a === agentId ? c.agent_b! : c.agent_a!) : null;
    const peer = peerId ? deps.agents.get(peerId) : null;
    return {
      id: c.id, kind: c.kind,
      peer: peer ? { id: peer.id, username: peer.username, displayName: peer.display_name } : null,
      lastSeq: repo.lastSeq(c.id), readSeq, unread: repo.unread(c.id, agentId, readSeq), last: repo.last(c.id),
    };
  }

  async function send(agentId: number, channelId: number, input: { cid: unknown; body?: unknown; file?: InternalFileRow }): Promise<InternalSent> {
    const channel = channelFor(agentId, channelId);
    if (typeof input.cid !== "string" || !CID.test(input.cid)) throw invalid("cid must be 1–64 letters, digits, _ or -", "cid");
    const cid = input.cid;
    let body: string;
    if (input.file) body = input.file.name;
    else {
      if (typeof input.body !== "string" || !input.body.trim()) throw invalid("消息不能为空 / the message is empty", "body");
      if (input.body.length > MAX_INTERNAL_MESSAGE) throw new AppError(422, "too_long", `消息最多 ${MAX_INTERNAL_MESSAGE} 字 / a message has at most ${MAX_INTERNAL_MESSAGE} characters`, "body");
      body = input.body;
    }
    const now = deps.clock.now();
    const result = await deps.writer.write((): InternalSent => {
      const stored = repo.byCid(channel.id, agentId, cid);
      if (stored) return { message: stored, channel, duplicate: true };
      if (input.file) repo.insertFile(input.file);
      const message = repo.append({ channel_id: channel.id, cid, sender_id: agentId, kind: input.file ? "file" : "text", body, file_id: input.file?.id ?? null, created_at: now });
      repo.markRead(channel.id, agentId, message.seq);
      return { message, channel, duplicate: false };
    });
    if (!result.duplicate) deps.events.publish("team.message", { channel, message: result.message, file: input.file ?? null, members: membersOf(channel) });
    return result;
  }

  return {
    presence,
    channelFor,
    isMember,
    company: () => repo.company(),
    /** The company channel first, then the agent's direct channels. */
    channels(agentId: number) {
      return [repo.company(), ...repo.directOf(agentId)].map((c) => summary(c, agentId));
    },
    /** Opens (or finds) the direct channel with a colleague. */
    direct(agentId: number, otherId: unknown) {
      const other = Number(otherId);
      if (!Number.isInteger(other) || other === agentId || !enabled(other)) throw invalid("请选择一位同事 / choose a colleague", "agentId");
      return summary(repo.direct(agentId, other, deps.clock.now()), agentId);
    },
    summary: (agentId: number, channelId: number) => summary(channelFor(agentId, channelId), agentId),
    /** History: `after` a seq (resume, oldest first) or the page `before` a seq (scrolling back); the newest page by default. */
    messages(agentId: number, channelId: number, q: { before?: unknown; after?: unknown; limit?: unknown }) {
      const channel = channelFor(agentId, channelId);
      const limit = Math.min(Math.max(Number(q.limit) || 50, 1), 200);
      const rows = q.after !== undefined && q.after !== "" ? repo.after(channel.id, Math.max(0, Number(q.after) | 0), limit) : repo.before(channel.id, q.before ? Number(q.before) | 0 : Number.MAX_SAFE_INTEGER, limit);
      return rows.map((m) => ({ ...m, file: m.file_id ? repo.file(m.file_id) : null }));
    },
    send: (agentId: number, channelId: number, input: { cid: unknown; body?: unknown }) => send(agentId, channelId, { cid: input.cid, body: input.body }),
    /** Stores the bytes (type checked by content) and sends them as a file message. */
    async sendFile(agentId: number, channelId: number, upload: { name: string; bytes: Uint8Array }, cid: unknown) {
      const channel = channelFor(agentId, channelId);
      const kept = await deps.files.keep(upload);
      const file: InternalFileRow = { ...kept, channel_id: channel.id, uploader_id: agentId };
      return { file, ...(await send(agentId, channel.id, { cid, file })) };
    },
    async markRead(agentId: number, channelId: number, seqInput: unknown) {
      const channel = channelFor(agentId, channelId);
      const seq = Math.min(Number(seqInput) | 0, repo.lastSeq(channel.id));
      if (seq < 0) throw invalid("seq must be a whole number", "seq");
      await deps.writer.write(() => repo.markRead(channel.id, agentId, seq));
      const readSeq = repo.readSeq(channel.id, agentId);
      deps.events.publish("team.read", { channel, agentId, seq: readSeq });
      return { channelId: channel.id, readSeq, unread: repo.unread(channel.id, agentId, readSeq) };
    },
    /** A file of a channel, for its members only (others get the same 404 as an unknown id). */
    file(agentId: number, fileId: string): InternalFileRow {
      const f = repo.file(fileId);
      const c = f ? repo.byId(f.channel_id) : null;
      if (!f || !c || !isMember(c, agentId)) throw notFound("文件不存在 / file not found");
      return f;
    },
    filePath: (id: string) => deps.files.pathOf(id),
  };
}
export type TeamService = ReturnType<typeof createTeamService>;
