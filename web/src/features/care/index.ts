/**
 * Visitor care elements for the console (issue 4: A11, A12, A17). Importing this module
 * registers the strings and the custom elements:
 *   <yk-visitor-panel .visitorId>, <yk-evaluation-form .conversationId>,
 *   <yk-block-dialog .visitorId>, <yk-signout-guard>.
 * The to-evaluate count arrives as the agent-channel frame `counters` {toEvaluate}
 * (GET /api/me/counters for the first value).
 */
import "./strings.ts";
import "./visitor-panel.ts";
import "./evaluation-form.ts";
import "./block-dialog.ts";
import "./signout-guard.ts";
