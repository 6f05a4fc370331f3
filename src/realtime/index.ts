import type { Services } from "../services.ts";
import { createHub } from "./hub.ts";
import { wireRecipients } from "./recipients.ts";
import { wireCareRecipients } from "./care-recipients.ts";
import { createVisitorSessions } from "./visitor-session.ts";
import { createAgentChannel } from "./agent-channel.ts";
import { createSockets } from "./sockets.ts";
import { wireOutreachRecipients } from "./outreach.ts";
import { wireVisitorEntry } from "./visitor-entry.ts";
import { wireVisitorConfig } from "./visitor-config.ts";
import { wireSupervisionRecipients } from "./supervision-recipients.ts";
import { wireRoutingRecipients } from "./routing-recipients.ts";
import { wireLeaveRecipients } from "./leave-recipients.ts";

/**
 * The realtime layer: one hub, the recipients rules, the visitor and agent channels, and their
 * WebSocket handlers. The HTTP fallback routes (SSE + POST) use the same visitor sessions.
 */
export function createRealtime(s: Services) {
  const hub = createHub();
  wireRecipients(s, hub);
  wireOutreachRecipients(s, hub);
  wireCareRecipients(s, hub);
  wireVisitorEntry(s, hub);
  wireVisitorConfig(s, hub);
  const boards = wireSupervisionRecipients(s, hub);
  wireRoutingRecipients(s, hub);
  wireLeaveRecipients(s, hub);
  const visitors = createVisitorSessions(s, hub);
  const agents = createAgentChannel(s, hub, boards);
  const sockets = createSockets(s, visitors, agents);
  return { hub, visitors, agents, sockets };
}
export type Realtime = ReturnType<typeof createRealtime>;
