import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { TopicRow } from "../care/service.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, textField, type FieldState } from "./forms.ts";

/** Chat topics (/admin/topics, A12): the list agents choose from when evaluating a chat. */
const ACTIVE = "/admin/topics";

/** The add form's state, and a rename error on one row (shown next to that row's field). */
export interface TopicsPageState {
  add: FieldState;
  rename?: { id: number; value: string; message: string };
}

function renameForm(p: Principal, t: TopicRow, err: TopicsPageState["rename"]): Html {
  const mine = err?.id === t.id ? err : undefined;
  const errId = `err-name-${t.id}`;
  return html`<form method="post" action="/admin/topics/${t.id}" class="inline topic-rename">
  ${csrfField(p)}
  <label><span class="sr-only">话题名称 Topic name</span>
  <input name="name" value="${mine ? mine.value : t.name}" maxlength="40" required${mine ? html` aria-invalid="true" aria-describedby="${errId}"` : ""}>
  ${mine ? html`<span class="field-error" id="${errId}" role="alert">${mine.message}</span>` : ""}</label>
  <button type="submit">改名 <small>Rename</small></button>
</form>`;
}

const action = (p: Principal, t: TopicRow, path: string, label: Html, extra: Html = html``) =>
  html`<form method="post" action="/admin/topics/${t.id}/${path}" class="inline">${csrfField(p)}${extra}<button type="submit">${label}</button></form>`;

export function topicsPage(o: { principal: Principal; topics: TopicRow[]; state: TopicsPageState; notice?: string }) {
  const p = o.principal;
  const rows = o.topics.map((t, i) => html`<tr${t.disabled ? html` class="muted"` : ""}>
  <td>${renameForm(p, t, o.state.rename)}</td>
  <td>${t.disabled ? html`<span class="badge off">已停用 <small>Disabled</small></span>` : html`<span class="badge on">使用中 <small>In use</small></span>`}</td>
  <td class="actions">
    ${i > 0 ? action(p, t, "move", html`上移 <small>Up</small>`, html`<input type="hidden" name="direction" value="up">`) : ""}
    ${i < o.topics.length - 1 ? action(p, t, "move", html`下移 <small>Down</small>`, html`<input type="hidden" name="direction" value="down">`) : ""}
    ${t.disabled ? action(p, t, "enable", html`启用 <small>Enable</small>`) : action(p, t, "disable", html`停用 <small>Disable</small>`)}
  </td>
</tr>`);
  return adminPage({
    principal: p, title: "咨询话题 Chat topics", active: ACTIVE, notice: o.notice,
    body: html`<h1>咨询话题 <small>Chat topics</small></h1>
<p class="muted">客服评价对话时从这里选择话题。停用的话题不再可选，已有评价保留。 <small>Agents pick a topic from this list when they evaluate a chat. A disabled topic can no longer be chosen; existing evaluations keep it.</small></p>
${errorSummary(o.state.add)}
<form method="post" action="/admin/topics" class="stack">
  ${csrfField(p)}
  ${textField(o.state.add, "name", html`新话题 <small>New topic</small>`, { required: true, maxlength: 40 })}
  <button type="submit">添加 <small>Add</small></button>
</form>
${o.topics.length ? html`<table class="data">
<thead><tr><th>名称 <small>Name</small></th><th>状态 <small>Status</small></th><th>操作 <small>Actions</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有话题。 <small>No topics yet.</small></p>`}`,
  });
}
