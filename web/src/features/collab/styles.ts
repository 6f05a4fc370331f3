import { css } from "lit";

/** Shared look of the collaboration elements; colours follow web/static/app.css variables. */
export const collabStyles = css`
  :host { display: block; font: inherit; color: inherit; }
  .box { border: 1px solid var(--border, #d0d5dd); border-radius: 8px; background: var(--surface, #fff); padding: 0.75rem; }
  h2 { font-size: 1rem; margin: 0 0 0.5rem; }
  ul { list-style: none; margin: 0; padding: 0; }
  li label { display: flex; gap: 0.5rem; align-items: center; padding: 0.25rem 0; }
  .count { color: var(--muted, #667085); font-size: 0.85em; margin-left: auto; }
  .tabs { display: flex; gap: 0.25rem; margin-bottom: 0.5rem; }
  .tabs button[aria-pressed="true"] { font-weight: 600; border-bottom: 2px solid var(--primary, #1d4ed8); }
  textarea { width: 100%; box-sizing: border-box; margin-top: 0.25rem; font: inherit; }
  .actions { display: flex; gap: 0.5rem; margin-top: 0.5rem; justify-content: flex-end; }
  .error { color: var(--danger-text, #9a1f15); margin: 0.25rem 0; }
  .status { margin: 0.25rem 0; }
  .muted { color: var(--muted, #667085); }
  button { font: inherit; cursor: pointer; padding: 0.3rem 0.8rem; border: 1px solid var(--border, #d0d5dd); border-radius: 6px; background: var(--surface, #fff); }
  button.primary { background: var(--primary, #1d4ed8); border-color: var(--primary, #1d4ed8); color: #fff; }
  button:disabled { opacity: 0.6; cursor: default; }
`;
