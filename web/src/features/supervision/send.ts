import { api } from "../../lib/api.ts";
import { newCid } from "../../workspace/model.ts";
import type { Whisper } from "./model.ts";

/**
 * Sends a whisper box's text and empties the box once the server stored it; null when the box
 * was empty. The supervisor's watch view and the agent's own chat both whisper through this.
 */
export async function sendWhisper(conversationId: number, box: HTMLTextAreaElement | null): Promise<Whisper | null> {
  const body = box?.value.trim() ?? "";
  if (!body) return null;
  const r = await api<{ whisper: Whisper }>("POST", `/api/conversations/${conversationId}/whispers`, { cid: newCid(), body });
  box!.value = "";
  return r.whisper;
}
