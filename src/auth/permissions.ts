/**
 * The permission catalogue. Routes and WebSocket actions name one of these; built-in roles get
 * their sets from here (so a new permission reaches them on upgrade), custom roles store theirs.
 * docs/permissions.md describes each one; test/permissions.test.ts keeps the two in step.
 */
export const PERMISSIONS = {
  "chat.accept": "接待访客对话 Accept and handle chats",
  "chat.invite": "主动邀请访客 Invite visitors and start proactive chats",
  "chat.transfer": "转接对话 Transfer chats",
  "chat.conference": "邀请同事三方会话 Invite colleagues into a chat",
  "chat.monitor": "监控对话 Watch any chat live",
  "chat.whisper": "悄悄话 Whisper to the agent in a chat",
  "chat.takeover": "接管对话 Take over a chat",
  "chat.end_any": "结束任意对话 End any agent's chat",
  "chat.invisible": "隐身上线 Go online invisible",
  "visitor.block": "屏蔽访客 Block visitors",
  "visitor.full_ip": "查看完整IP Show full IP addresses",
  "visitor.contact": "查看联系方式 Show phone numbers and email addresses",
  "history.own": "查看自己的记录 View own chat history",
  "history.department": "查看部门记录 View the department's chat history",
  "history.all": "查看全部记录 View all chat history",
  "history.evaluate": "修改评价 Edit chat evaluations",
  "leave.read": "查看留言 Read leave messages",
  "leave.reply": "回复留言 Reply to leave messages",
  "leave.delete": "删除留言 Delete leave messages",
  "customers.read": "查看客户 View customers",
  "customers.manage": "管理客户 Edit customers",
  "data.export": "导出数据 Export data",
  "canned.personal": "个人常用语 Keep personal canned replies",
  "canned.manage": "管理公共常用语 Manage company and group canned replies",
  "reports.view": "查看统计 View statistics",
  "agents.manage": "管理客服 Manage agents",
  "agents.signout": "强制下线 Sign agents out",
  "roles.manage": "管理角色 Manage roles",
  "departments.manage": "管理部门与分组 Manage departments and groups",
  "sites.manage": "管理网站与插件 Manage sites and widget settings",
  "settings.manage": "管理系统设置 Manage organisation settings",
  "security.manage": "管理安全策略 Manage security policy",
  "notices.send": "发送公告 Send notices",
  "loginlog.read": "查看登录日志 Read the login log",
  "audit.read": "查看审计日志 Read the audit log",
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

const AGENT: Permission[] = [
  "chat.accept", "chat.invite", "chat.transfer", "chat.conference", "visitor.block",
  "history.own", "leave.read", "leave.reply", "customers.read", "canned.personal",
];

export const BUILTIN_ROLE_PERMISSIONS: Record<string, Permission[]> = {
  // Admins administer; reading the audit log stays with auditors (separation of duties).
  admin: ALL_PERMISSIONS.filter((p) => p !== "audit.read"),
  supervisor: [
    ...AGENT, "chat.monitor", "chat.whisper", "chat.takeover", "chat.end_any", "chat.invisible",
    "visitor.full_ip", "visitor.contact", "history.department", "history.all", "history.evaluate",
    "leave.delete", "customers.manage", "data.export", "canned.manage", "reports.view",
    "agents.signout", "notices.send", "loginlog.read",
  ],
  agent: AGENT,
  auditor: ["audit.read", "loginlog.read", "reports.view", "data.export"],
  // Manages people, chats and data of their own department only (BUILTIN_ROLE_SCOPE).
  department_admin: [
    ...AGENT, "chat.monitor", "chat.whisper", "chat.takeover", "chat.end_any", "visitor.full_ip", "visitor.contact",
    "history.department", "history.evaluate", "leave.delete", "customers.manage", "data.export", "reports.view",
    "agents.manage", "agents.signout", "notices.send", "loginlog.read",
  ],
};

/**
 * A role's data scope: "all" reaches the whole organisation; "department" limits every
 * permission that touches agents, chats and data to the holder's own department (DataScope below).
 */
export type RoleScope = "all" | "department";
export const BUILTIN_ROLE_SCOPE: Record<string, RoleScope> = { admin: "all", supervisor: "all", agent: "all", auditor: "all", department_admin: "department" };

export const BUILTIN_ROLES = Object.keys(BUILTIN_ROLE_PERMISSIONS);

/**
 * Data scope (M1), next to the role scopes that produce it: a department admin's permissions reach only their own department's agents,
 * chats and data; everyone else's reach the organisation. Every list, page and action that
 * touches agents, chats or visitor data asks these functions instead of comparing departments
 * itself, so the rule lives in one place. A department-scoped agent without a department sees
 * nothing (fail closed).
 */
export type DataScope = { kind: "all" } | { kind: "department"; departmentId: number | null };

export const ORGANISATION: DataScope = { kind: "all" };

/** Is an agent (or anything owned by an agent, given its department) inside the scope? */
export function departmentInScope(scope: DataScope, departmentId: number | null | undefined): boolean {
  if (scope.kind === "all") return true;
  return scope.departmentId !== null && departmentId === scope.departmentId;
}

export const agentInScope = (scope: DataScope, agent: { department_id: number | null } | null | undefined) =>
  agent != null && departmentInScope(scope, agent.department_id);
