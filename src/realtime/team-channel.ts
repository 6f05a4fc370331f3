import type { Services } from "../services.ts";
import type { Principal } from "../auth/service.ts";
import type { InternalFileRow, InternalMessageRow, NoticeRow } from "../team/model.ts";
import { topics, type Conn, type Hub } from "./hub.ts";

/**
 * The agent channel's team part (A19, A21): internal messages to a channel's members, read
 * positions, colleagues' presence and notices. Every agent socket joins `team:all`; presence
 * goes out twice, because an invisible agent looks offline to colleagues without chat.invisible
 * (`team:plain`) and invisible to those with it (`team:seers`).
 */
const TEAM_ALL = "team:all";
const TEAM_SEERS = "team:seers";
const TEAM_PLAIN = "team:plain";

export const internalMessageFrame = (m: InternalMessageRow, file: InternalFileRow | null, senderName: string) => ({
  type: "internal_message", channelId: m.channel_id, seq: m.seq, id: m.id, cid: m.cid, senderId: m.sender_id, senderName,
  kind: m.kind, body: m.body, file: file ? { id: file.id, name: file.name, mime: file.mime, size: file.size, isImage: Boolean(file.is_image) } : null, at: m.created_at,
});

export const noticeFrame = (n: ReturnType<Services["notices"]["view"]>) => ({ type: "notice", notice: n });

export function createTeamChannel(s: Services, hub: Hub) {
  const name = (id: number) => s.agents.get(id)?.display_name ?? "";

  s.events.subscribe("team.message", ({ message, file, members }) => {
    const frame = internalMessageFrame(message, file, name(message.sender_id));
    if (members === null) hub.publish(TEAM_ALL, frame);
    else for (const id of members) hub.publish(topics.agent(id), frame);
  });

  // The reader's other consoles clear their badge; in a direct channel the peer learns it was read.
  s.events.subscribe("team.read", ({ channel, agentId, seq }) => {
    const frame = { type: "internal_read", channelId: channel.id, agentId, seq };
    hub.publish(topics.agent(agentId), frame);
    if (channel.kind === "direct") hub.publish(topics.agent(channel.agent_a === agentId ? channel.agent_b! : channel.agent_a!), frame);
  });

  s.events.subscribe("team.presence", ({ agentId }) => {
    const agent = s.agents.get(agentId);
    const base = { type: "presence", agentId, displayName: agent?.display_name ?? "" };
    hub.publish(TEAM_SEERS, { ...base, status: s.team.presence.as(agentId, true) });
    hub.publish(TEAM_PLAIN, { ...base, status: s.team.presence.as(agentId, false) });
  });

  s.events.subscribe("team.notice", ({ notice }) => {
    for (const id of s.notices.audience(notice as NoticeRow)) {
      if (s.team.presence.isConnected(id)) hub.publish(topics.agent(id), noticeFrame(s.notices.view(notice, id)));
    }
  });

  s.events.subscribe("team.notice_read", ({ noticeId, agentId, readAt }) => hub.publish(topics.agent(agentId), { type: "notice_read", id: noticeId, readAt }));

  return {
    /** After the `connected` frame: join the team topics, count the socket, replay unread notices. */
    open(conn: Conn, principal: Principal) {
      const id = principal.agent.id;
      hub.subscribe(conn, TEAM_ALL);
      hub.subscribe(conn, principal.permissions.has("chat.invisible") ? TEAM_SEERS : TEAM_PLAIN);
      s.team.presence.connected(id);
      for (const n of s.notices.unreadFor(id)) hub.send(conn, noticeFrame(n));
    },
    close(agentId: number) {
      s.team.presence.disconnected(agentId);
    },
  };
}
