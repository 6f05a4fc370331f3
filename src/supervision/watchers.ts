/**
 * Who watches which chat (A20), in memory: watching is about live consoles, like availability.
 * A watcher receives the chat's message, typing, draft and whisper frames as a participant does,
 * but may not write. Watching stops on request, when the chat has ended, when the supervisor's
 * sessions end, and when their last console socket closes (a reconnecting console asks again).
 */
export function createWatchers() {
  const byConversation = new Map<number, Set<number>>();

  return {
    /** True when the agent was not watching yet (only a new watch is audited). */
    add(conversationId: number, agentId: number): boolean {
      let set = byConversation.get(conversationId);
      if (!set) byConversation.set(conversationId, (set = new Set()));
      if (set.has(agentId)) return false;
      set.add(agentId);
      return true;
    },
    remove(conversationId: number, agentId: number): boolean {
      const set = byConversation.get(conversationId);
      if (!set?.delete(agentId)) return false;
      if (!set.size) byConversation.delete(conversationId);
      return true;
    },
    /** Every chat this agent stops watching (signed out, last socket closed); returns their ids. */
    removeAgent(agentId: number): number[] {
      const ids: number[] = [];
      for (const [id, set] of byConversation) if (set.has(agentId)) ids.push(id);
      for (const id of ids) this.remove(id, agentId);
      return ids;
    },
    drop: (conversationId: number) => byConversation.delete(conversationId),
    of: (conversationId: number): number[] => [...(byConversation.get(conversationId) ?? [])],
    watching: (conversationId: number, agentId: number) => byConversation.get(conversationId)?.has(agentId) ?? false,
  };
}
export type Watchers = ReturnType<typeof createWatchers>;
