import type { Permission } from "../auth/permissions.ts";

/**
 * The admin navigation, data-driven: each domain that adds admin pages appends its entry here.
 * `permission: null` means any fully signed-in agent. An entry is shown only to holders of its
 * permission; the guard enforces the same rule on the route itself (src/http/policy.ts).
 */
export interface NavEntry {
  href: string;
  zh: string;
  en: string;
  permission: Permission | null;
}

export const ADMIN_NAV: NavEntry[] = [
  { href: "/admin", zh: "概览", en: "Overview", permission: null },
  { href: "/admin/agents", zh: "客服", en: "Agents", permission: "agents.manage" },
  { href: "/admin/groups", zh: "分组", en: "Groups", permission: "departments.manage" },
  { href: "/admin/departments", zh: "部门", en: "Departments", permission: "departments.manage" },
  { href: "/admin/roles", zh: "角色", en: "Roles", permission: "roles.manage" },
  { href: "/admin/sites", zh: "网站", en: "Sites", permission: "sites.manage" },
  { href: "/admin/security", zh: "安全策略", en: "Security", permission: "security.manage" },
  { href: "/admin/login-log", zh: "登录日志", en: "Login log", permission: "loginlog.read" },
  { href: "/admin/audit", zh: "操作日志", en: "Operation log", permission: "audit.read" },
  { href: "/admin/canned", zh: "常用语", en: "Canned replies", permission: "canned.manage" },
  { href: "/admin/notices", zh: "公告", en: "Notices", permission: "notices.send" },
  { href: "/admin/topics", zh: "咨询话题", en: "Chat topics", permission: "settings.manage" },
  { href: "/admin/routing", zh: "自动分配", en: "Routing", permission: "settings.manage" },
  { href: "/admin/blocks", zh: "屏蔽访客", en: "Blocked visitors", permission: "visitor.block" },
  { href: "/admin/notify", zh: "消息转发", en: "Forwarding", permission: "settings.manage" },
  { href: "/admin/leave-types", zh: "留言类型", en: "Leave message types", permission: "settings.manage" },
];

export function visibleNav(permissions: ReadonlySet<Permission>, entries: readonly NavEntry[] = ADMIN_NAV): NavEntry[] {
  return entries.filter((e) => e.permission === null || permissions.has(e.permission));
}
