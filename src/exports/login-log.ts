import type { ExportSource } from "./source.ts";
import type { LoginLogFilter } from "../auth/login-log.ts";
import { LOGIN_REASON_LABELS, LOGIN_RESULT_LABELS } from "../auth/model.ts";
import { invalid } from "../platform/errors.ts";
import { endOfLocalDate, formatTime, parseLocalDate } from "../platform/local-time.ts";
import { summariseUserAgent, WAY_LABELS } from "../platform/user-agent.ts";

const KEYS = ["from", "to", "username", "ip", "result", "reason"] as const;

/**
 * The login log (M3) with the admin page's filter (from/to as YYYY-MM-DD, username part, IP
 * prefix, result, reason) and its department scope. The addresses are agents' sign-in addresses,
 * not visitor data, so they are shown as on the admin page (no X8 mask). A filter that cannot be
 * read is refused rather than dropped: a typo must not widen the file to the whole log.
 */
export const loginLogSource: ExportSource = {
  key: "login_log",
  zh: "登录日志",
  en: "Login log",
  requires: ["loginlog.read"],
  open(s, p, filter) {
    for (const k of Object.keys(filter)) {
      if (!(KEYS as readonly string[]).includes(k)) throw invalid(`未知的筛选条件 ${k} / unknown filter ${k}`, k);
    }
    const v = (k: (typeof KEYS)[number]) => (filter[k] ?? "").trim().slice(0, 64);
    const f: LoginLogFilter = { scope: p.scope };
    if (v("from")) f.from = parseLocalDate(v("from")) ?? badDate("from");
    if (v("to")) f.to = endOfLocalDate(v("to")) ?? badDate("to");
    if (v("username")) f.username = v("username");
    if (v("ip")) f.ip = v("ip");
    if (v("result")) f.result = Object.hasOwn(LOGIN_RESULT_LABELS, v("result")) ? v("result") : badChoice("result");
    if (v("reason")) f.reason = Object.hasOwn(LOGIN_REASON_LABELS, v("reason")) ? v("reason") : badChoice("reason");

    const names = new Map<number, string>();
    const nameOf = (id: number | null) => {
      if (id === null) return "";
      if (!names.has(id)) names.set(id, s.agents.get(id)?.display_name ?? "");
      return names.get(id)!;
    };
    function* rows(): Generator<string[]> {
      for (const r of s.auth.loginLog.all(f)) {
        const ua = summariseUserAgent(r.user_agent);
        yield [formatTime(r.at), r.username, nameOf(r.agent_id), r.ip, ua.browser, ua.os, WAY_LABELS[ua.way], LOGIN_RESULT_LABELS[r.result] ?? r.result, LOGIN_REASON_LABELS[r.reason] ?? r.reason, r.user_agent];
      }
    }
    return {
      header: ["时间 Time", "用户名 Username", "客服 Agent", "IP", "浏览器 Browser", "系统 OS", "登录方式 Way", "结果 Result", "原因 Reason", "User-Agent"],
      total: s.auth.loginLog.page(f, { limit: 0, offset: 0 }).total,
      rows: rows(),
    };
  },
};

function badDate(field: string): never {
  throw invalid("日期格式应为 YYYY-MM-DD / use YYYY-MM-DD", field);
}
function badChoice(field: string): never {
  throw invalid("不是可选的值 / not one of the choices", field);
}
