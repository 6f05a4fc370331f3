import type { Database } from "bun:sqlite";
import type { Config } from "./platform/config.ts";
import type { Clock } from "./platform/clock.ts";
import type { Logger } from "./platform/logger.ts";
import type { SecretBox } from "./platform/secretbox.ts";
import { createEventBus, type EventBus } from "./events/bus.ts";
import { createWriter, type GroupCommitWriter } from "./store/writer.ts";
import { createAuditService } from "./audit/service.ts";
import { createSettingsService } from "./settings/service.ts";
import { createAgentsService } from "./agents/service.ts";
import { createGroupsService } from "./agents/groups.ts";
import { createDepartmentsService } from "./agents/departments.ts";
import { createPreferencesService } from "./agents/preferences/service.ts";
import { createAuthService } from "./auth/service.ts";
import { createRolesService } from "./auth/roles.ts";
import { createSitesService } from "./sites/service.ts";
import { createSiteSettingsService } from "./sites/settings/service.ts";
import { createVisitorsService } from "./visitors/service.ts";
import { describeVisit } from "./visitors/describe.ts";
import { createChatService } from "./chat/service.ts";
import { createSearchIndexer } from "./chat/search-indexer.ts";
import { createLeaveService } from "./leave/service.ts";
import { createFilesService } from "./files/service.ts";
import { createKbService } from "./kb/service.ts";
import { createTeamService } from "./team/service.ts";
import { createNoticesService } from "./team/notices.ts";
import { createTransferService } from "./chat/transfer.ts";
import { createGuestService } from "./chat/guests.ts";
import { createAutoBusy } from "./chat/auto-busy.ts";
import { createChatOutreach } from "./chat/outreach.ts";
import { createOutreachService } from "./outreach/service.ts";
import { createCareService } from "./care/service.ts";
import { createVisitorEditor } from "./visitors/agent-edit.ts";
import { createSupervisionService } from "./supervision/service.ts";
import { createRoutingService } from "./routing/service.ts";
import { createPrechatService } from "./prechat/service.ts";
import type { PrechatConfig } from "./sites/settings/sections/prechat.ts";
import type { SatisfactionConfig } from "./sites/settings/sections/satisfaction.ts";
import type { LeaveFormConfig } from "./sites/settings/sections/leave-form.ts";
import { canSeeSite } from "./realtime/visitor-scope.ts";
import { createInvitationRulesService } from "./invitations/service.ts";
import { routeFor } from "./invitations/match.ts";
import { createIdlePrompts } from "./chat/idle-prompts.ts";
import { createChatKeep } from "./chat/keep.ts";
import { createFloodService } from "./flood/service.ts";
import type { IdleSettings } from "./sites/settings/sections/idle.ts";
import type { KeepSettings } from "./sites/settings/sections/keep.ts";
import type { FloodSettings } from "./sites/settings/sections/flood.ts";
import { createSiteImages } from "./files/site-images/service.ts";
import { join } from "node:path";
import { createIdentityService } from "./identity/service.ts";
import { createRegionsService } from "./visitors/regions.ts";
import { createNotifyService } from "./notify/service.ts";
import { createCustomersService } from "./customers/service.ts";
import { historyScope, historyWhere } from "./history/scope.ts";
import { leaveSiteIds } from "./leave/scope.ts";
import { visibleSiteIds } from "./realtime/visitor-scope.ts";
import { createForwardingService } from "./notify/forwarding.ts";
import type { ForwardingSettings } from "./sites/settings/sections/forwarding.ts";
import { createExportsService } from "./exports/service.ts";
import { createHistoryService } from "./history/service.ts";
import { inHistoryScope } from "./history/scope.ts";
import { matchQuery } from "./chat/search-text.ts";

/**
 * Wires the domain services once, in dependency order. main.ts and the tests both build the
 * app from this, so tests exercise exactly the production wiring with a fresh database.
 */
export function createServices(deps: { config: Config; db: Database; clock: Clock; logger: Logger; secretBox: SecretBox }) {
  const events: EventBus = createEventBus((type, error) => deps.logger.error({ err: error, event: type }, "event handler failed"));
  const writer: GroupCommitWriter = createWriter(deps.db, { windowMs: deps.config.store.group_commit_window_ms });
  const audit = createAuditService({ db: deps.db, clock: deps.clock, retentionDays: deps.config.audit.retention_days });
  const settings = createSettingsService({ db: deps.db, audit, events });
  const roles = createRolesService({ db: deps.db, clock: deps.clock, audit });
  const agents = createAgentsService({ db: deps.db, clock: deps.clock, audit, settings, events, roles });
  const groups = createGroupsService({ db: deps.db, clock: deps.clock, audit, events });
  const departments = createDepartmentsService({ db: deps.db, clock: deps.clock, audit });
  const auth = createAuthService({ db: deps.db, clock: deps.clock, events, audit, settings, agents, roles, secretBox: deps.secretBox });
  const sites = createSitesService({ db: deps.db, clock: deps.clock, audit, events, groups, agents, departments, canAccept: (a) => auth.permissionsOf(a).has("chat.accept") });
  const siteSettings = createSiteSettingsService({ db: deps.db, clock: deps.clock, audit, events, services: () => services });
  const { config } = deps;
  const visitors = createVisitorsService({
    db: deps.db, clock: deps.clock, events, writer, secretBox: deps.secretBox, describe: describeVisit,
    options: { goneGraceMs: config.visitors.gone_grace_seconds * 1000, visitGapMs: config.visitors.visit_gap_minutes * 60_000 },
  });
  const chat = createChatService({ db: deps.db, clock: deps.clock, events, writer });
  const searchIndexer = createSearchIndexer({ search: chat.repo.search, writer, onError: (err) => deps.logger.error({ job: "search.index", err }, "job failed") });
  const leave = createLeaveService({
    db: deps.db, clock: deps.clock, writer, events, audit, form: (siteId) => siteSettings.get<LeaveFormConfig>(siteId, "leave_form"),
    names: { site: (id) => sites.get(id)?.name ?? "", agent: (id) => (id === null ? null : (agents.get(id)?.display_name ?? null)) },
    // H2: inbox replies go out through the core's mailer (src/notify), created further down.
    send: (m) => notify.mail.send(m),
    onStored: (m) => services.forwarding.enqueueLeave(m),
  });
  const files = createFilesService({ db: deps.db, clock: deps.clock, dir: join(config.data.dir, "files"), limits: { maxBytes: config.files.max_bytes, allowedTypes: config.files.allowed_types } });
  const kb = createKbService({ db: deps.db, clock: deps.clock, audit, groups, files, dir: join(config.data.dir, "files") });
  const team = createTeamService({ db: deps.db, clock: deps.clock, events, writer, agents, files });
  const notices = createNoticesService({ db: deps.db, clock: deps.clock, events, audit, agents, groups, departments });
  const collab = { db: deps.db, clock: deps.clock, events, writer, audit, agents, chat, timeoutMs: config.chat.transfer_timeout_seconds * 1000 };
  const transfers = createTransferService({ ...collab, groups });
  const guests = createGuestService(collab);
  const autoBusy = createAutoBusy({ events, agents, chat });
  const chatOutreach = createChatOutreach({ repo: chat.repo, participants: chat.participants, clock: deps.clock, events, writer });
  const outreach = createOutreachService({ db: deps.db, clock: deps.clock, events, writer, chat, chatOutreach, visitors, agentName: (id) => agents.get(id)?.display_name ?? null, satisfaction: (siteId) => siteSettings.get<SatisfactionConfig>(siteId, "satisfaction") });
  const prechat = createPrechatService({ db: deps.db, clock: deps.clock, visitors, form: (siteId) => siteSettings.get<PrechatConfig>(siteId, "prechat"), groupExists: (id) => groups.get(id) !== null });
  const care = createCareService({ db: deps.db, clock: deps.clock, events, audit, chat, visitors, participants: (id) => chat.participants.rows(id).map((r) => r.agent_id) });
  const visitorEditor = createVisitorEditor({ db: deps.db, events, audit, visitors });
  const preferences = createPreferencesService({ db: deps.db, clock: deps.clock });
  const supervision = createSupervisionService({ db: deps.db, clock: deps.clock, events, writer, audit, agents, departments, auth, chat, visitors, sites, team });
  // Routing asks the console's site scope (realtime/visitor-scope.ts) through the finished services.
  const routing = createRoutingService({ ...deps, events, writer, audit, agents, groups, chat, siteVisible: (agentId, siteId) => canSeeSite(services, agentId, siteId) });
  // V25 / M5: settings come from the per-site settings sections ("identity", "regions").
  const identity = createIdentityService({ db: deps.db, clock: deps.clock, events, writer, secretOf: (id) => sites.get(id)?.secret ?? null, settings: (id) => siteSettings.get(id, "identity") });
  const regions = createRegionsService({ settings: (id) => siteSettings.get(id, "regions") });
  const siteImages = createSiteImages({ db: deps.db, clock: deps.clock, dir: join(config.data.dir, "site-images"), audit });
  const invitationRules = createInvitationRulesService({ db: deps.db, clock: deps.clock, audit, events, groupExists: (id) => groups.get(id) !== null });
  outreach.useRuleRoute((inv) => routeFor(inv.rule_id === null ? null : invitationRules.get(inv.rule_id), sites.get(inv.site_id)));
  // V19, V20, V22: idle prompts, chat keep and anti-flood follow each site's settings.
  const idlePrompts = createIdlePrompts({ db: deps.db, clock: deps.clock, events, writer, chat, rules: (siteId) => siteSettings.get<IdleSettings>(siteId, "idle") });
  const chatKeep = createChatKeep({
    db: deps.db, clock: deps.clock, chat, awaySince: visitors.awaySince, graceMs: config.visitors.gone_grace_seconds * 1000, startedAt: deps.clock.now(),
    keepMinutes: (siteId) => siteSettings.get<KeepSettings>(siteId, "keep").minutes ?? config.chat.keep_minutes,
  });
  const flood = createFloodService({ clock: deps.clock, limits: (siteId) => siteSettings.get<FloodSettings>(siteId, "flood") });
  const notify = createNotifyService({ db: deps.db, audit, secretBox: deps.secretBox });
  // Leave-message forwarding: outbox rows are written in the message's own transaction (leave onStored).
  const forwarding = createForwardingService({
    ...deps, events, audit, mail: notify.mail, settings: (siteId) => siteSettings.get<ForwardingSettings>(siteId, "forwarding"),
    siteName: (siteId) => sites.get(siteId)?.name ?? `#${siteId}`, onError: (err) => deps.logger.error({ err, job: "notify.outbox" }, "forwarding failed"),
  });
  // H3: the customer 360 follows the visitor list's sites (A3), the history scope (H1) and the leave inbox's sites (H2).
  const customers = createCustomersService({
    db: deps.db, clock: deps.clock, prechat,
    scope: { siteIds: (agentId) => visibleSiteIds(services, agentId), history: (p) => { const hs = historyScope(p); return hs && historyWhere(hs); }, leaveSiteIds: (p) => leaveSiteIds(services, p) },
  });
  // X4: export jobs write into <data>/exports and open their sources through the finished services.
  const exportJobs = createExportsService({ dir: join(config.data.dir, "exports"), clock: deps.clock, audit, logger: deps.logger, services: () => services });
  // H1: history reads the chat index through the same query builder as the chat domain's search.
  const history = createHistoryService({ db: deps.db, clock: deps.clock, audit, chat, care, visitors, prechat, files, agents, match: matchQuery, inScope: (scope, c) => inHistoryScope(services, scope, c) });
  const services = { ...deps, events, writer, audit, settings, roles, agents, groups, departments, auth, sites, visitors, chat, leave, files, kb, team, notices, transfers, guests, autoBusy, chatOutreach, outreach, care, visitorEditor, preferences, supervision, startedAt: deps.clock.now(), routing, siteSettings, invitationRules, idlePrompts, chatKeep, flood, prechat, identity, regions, siteImages, notify, customers, forwarding, exportJobs, history, searchIndexer };
  return services;
}
export type Services = ReturnType<typeof createServices>;
