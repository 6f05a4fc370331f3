/** Supervision (A20): the board, the live watch of one chat, and whispers inside an agent's chat. */
export { YkSupervision } from "./board.ts";
export { YkSupervisionWatch } from "./watch.ts";
export { YkChatWhispers } from "./chat-whispers.ts";
