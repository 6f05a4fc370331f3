import { css } from "lit";

/** The history section's look; colours follow web/static/app.css variables. */
export const historyStyles = css`
  :host { display: block; font: inherit; color: inherit; padding: 0.5rem 1rem; }
  h2 { font-size: 1rem; margin: 0 0 0.5rem; }
  h3 { font-size: 0.95rem; margin: 0.75rem 0 0.4rem; }
  .muted { color: var(--muted, #667085); }
  .error { color: var(--danger-text, #9a1f15); }
  form.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: flex-end; margin: 0 0 0.75rem; }
  form.filters label { display: flex; flex-direction: column; font-size: 0.85em; gap: 0.15rem; }
  form.filters input, form.filters select { font: inherit; min-width: 8rem; }
  form.filters input.words { min-width: 14rem; }
  .actions { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
  .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
  .layout.single { grid-template-columns: minmax(0, 1fr); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--border, #d0d5dd); }
  tbody tr { cursor: pointer; }
  tbody tr:hover, tbody tr[aria-selected="true"] { background: var(--surface-2, #f2f4f7); }
  .snippet { font-size: 0.85em; color: var(--muted, #667085); margin-top: 0.2rem; }
  mark { background: #fef0c7; color: inherit; padding: 0; }
  .pager { display: flex; gap: 0.75rem; align-items: center; margin: 0.5rem 0; flex-wrap: wrap; }
  .box { border: 1px solid var(--border, #d0d5dd); border-radius: 8px; background: var(--surface, #fff); padding: 0.75rem; }
  .link { background: none; border: none; padding: 0; color: var(--primary, #1d4ed8); cursor: pointer; font: inherit; text-decoration: underline; }
  ol.transcript { list-style: none; margin: 0; padding: 0; }
  .box.detail { position: sticky; top: 0; max-height: calc(100vh - 9rem); overflow-y: auto; }
  ol.transcript li { margin: 0.35rem 0; }
  .msg .meta { font-size: 0.8em; color: var(--muted, #667085); }
  .msg .bubble { white-space: pre-wrap; word-break: break-word; display: inline-block; border-radius: 6px; padding: 0.3rem 0.5rem; }
  .msg.visitor .bubble { background: #f2f4f7; }
  .msg.agent .bubble { background: #eff8ff; }
  .msg.system { text-align: center; font-size: 0.85em; color: var(--muted, #667085); }
  .thumb img { max-width: 160px; max-height: 120px; border-radius: 4px; display: block; }
  ol.trail { margin: 0; padding-left: 1.25rem; font-size: 0.9em; }
  ol.trail a { word-break: break-all; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.75rem; margin: 0; font-size: 0.9em; }
  dt { color: var(--muted, #667085); }
  dd { margin: 0; word-break: break-word; }
  form.evaluation, form.note { display: flex; flex-direction: column; gap: 0.4rem; }
  form.evaluation .row { display: flex; gap: 0.5rem; flex-wrap: wrap; }
  form.evaluation label { display: flex; flex-direction: column; gap: 0.15rem; font-size: 0.9em; }
  textarea { font: inherit; min-height: 3.5rem; }
  ul.notes { list-style: none; padding: 0; margin: 0 0 0.5rem; }
  ul.notes li { border-bottom: 1px solid var(--border, #d0d5dd); padding: 0.3rem 0; white-space: pre-wrap; word-break: break-word; }
  .btn { display: inline-flex; align-items: center; gap: 0.25rem; padding: 0.3rem 0.75rem; border: 1px solid var(--border-strong, #98a2b3); border-radius: var(--radius, 6px); background: var(--surface, #fff); color: var(--text, #101828); font: inherit; font-size: 0.9rem; cursor: pointer; }
  .btn:hover:not([disabled]) { background: var(--surface-2, #f2f4f7); }
  .btn.primary { background: var(--primary, #1d4ed8); border-color: var(--primary, #1d4ed8); color: #fff; }
  .btn.primary:hover:not([disabled]) { background: var(--primary-hover, #1e40af); }
  .btn[disabled] { opacity: 0.55; cursor: default; }
  .btn:focus-visible, .link:focus-visible, tbody tr:focus-visible { outline: 2px solid var(--focus, #2563eb); outline-offset: 2px; }
  .head { display: flex; justify-content: space-between; gap: 0.5rem; align-items: baseline; }
`;
