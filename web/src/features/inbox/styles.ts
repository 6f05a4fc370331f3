import { css } from "lit";

/** The inbox elements' look; colours follow web/static/app.css variables. */
export const inboxStyles = css`
  :host { display: block; font: inherit; color: inherit; }
  h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
  h3 { font-size: 0.95rem; margin: 0.75rem 0 0.4rem; }
  .muted { color: var(--muted, #52606d); }
  .error, .field-error { color: var(--danger-text, #9a1f15); }
  .field-error { display: block; font-size: 0.85em; }
  .ok { color: var(--ok-text, #1c5e30); }
  button { font: inherit; padding: 0.25rem 0.7rem; border: 1px solid var(--border-strong, #9aa5b1); border-radius: var(--radius, 6px); background: var(--surface, #fff); color: inherit; cursor: pointer; }
  button.primary { background: var(--primary, #1a56a8); border-color: var(--primary, #1a56a8); color: #fff; }
  button.danger { background: var(--danger, #b42318); border-color: var(--danger, #b42318); color: #fff; }
  button.link { border: none; background: none; padding: 0; color: var(--primary, #1a56a8); text-decoration: underline; }
  button:disabled { opacity: 0.6; cursor: default; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--focus, #1a56a8); outline-offset: 1px; }
  input, select, textarea { font: inherit; padding: 0.25rem 0.4rem; border: 1px solid var(--border-strong, #9aa5b1); border-radius: var(--radius, 6px); background: var(--surface, #fff); color: inherit; }
  textarea { width: 100%; box-sizing: border-box; }
  label { display: inline-flex; flex-direction: column; gap: 0.15rem; font-size: 0.9em; }
  .head { display: flex; align-items: baseline; gap: 0.75rem; flex-wrap: wrap; }
  .count { font-weight: 600; color: var(--danger-text, #9a1f15); }
  form.filters { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin: 0 0 0.75rem; }
  .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
  table { border-collapse: collapse; width: 100%; background: var(--surface, #fff); }
  th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--border, #d5dbe2); }
  tr.row { cursor: pointer; }
  tr.row:hover { background: var(--surface-2, #f8f9fb); }
  tr.row[aria-selected="true"] { background: var(--primary-soft, #e8f0fb); }
  tr.row.unreplied td.content { font-weight: 600; }
  .state { display: inline-block; padding: 0 0.4rem; border-radius: 4px; font-size: 0.85em; white-space: nowrap; }
  .state.unreplied { background: var(--warn-soft, #fff3dc); color: var(--warn-text, #7a4200); }
  .state.replied { background: var(--ok-soft, #e4f4e8); color: var(--ok-text, #1c5e30); }
  .state.failed { background: var(--danger-soft, #fdecea); color: var(--danger-text, #9a1f15); }
  .pager { display: flex; gap: 0.5rem; align-items: center; margin-top: 0.5rem; }
  .box { border: 1px solid var(--border, #d5dbe2); border-radius: var(--radius-lg, 10px); background: var(--surface, #fff); padding: 0.75rem; }
  .banner { background: var(--primary-soft, #e8f0fb); border-radius: var(--radius, 6px); padding: 0.3rem 0.6rem; margin: 0 0 0.5rem; }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 0.75rem; margin: 0; }
  dt { color: var(--muted, #52606d); }
  dd { margin: 0; word-break: break-word; }
  .text { white-space: pre-wrap; word-break: break-word; }
  .stack { display: flex; flex-direction: column; gap: 0.5rem; }
  .stack label { display: flex; }
  .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; }
  ol.replies { list-style: none; margin: 0; padding: 0; }
  ol.replies li { border-top: 1px solid var(--border, #d5dbe2); padding: 0.4rem 0; }
  .confirm { background: var(--danger-soft, #fdecea); border-radius: var(--radius, 6px); padding: 0.5rem; }
  @media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
`;
