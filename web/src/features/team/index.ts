/** The team features for the shell to import once: <yk-internal-chat> and <yk-notices>. */
import "./internal-chat.ts";
import "./notices.ts";
export { YkInternalChat } from "./internal-chat.ts";
export { YkNotices } from "./notices.ts";
