import { css } from "lit";

/** The supervision elements' look; colours follow web/static/app.css variables. */
export const supervisionStyles = css`
  :host { display: block; font: inherit; color: inherit; }
  h2 { font-size: 1rem; margin: 0 0 0.5rem; }
  h3 { font-size: 0.95rem; margin: 0 0 0.5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--border, #d0d5dd); }
  ul { list-style: none; margin: 0; padding: 0; }
  .muted { color: var(--muted, #667085); }
  .error { color: var(--danger-text, #9a1f15); }
  .status { display: inline-block; padding: 0 0.4rem; border-radius: 4px; background: var(--surface-2, #f2f4f7); }
  .status.online { background: #dcfae6; }
  .status.busy { background: #fef0c7; }
  .status.away, .status.offline { background: #f2f4f7; color: var(--muted, #667085); }
  .chat-link { display: block; width: 100%; text-align: left; margin: 0.15rem 0; }
  .chat-link[aria-pressed="true"] { border-color: var(--primary, #1d4ed8); }
  .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
  .box { border: 1px solid var(--border, #d0d5dd); border-radius: 8px; background: var(--surface, #fff); padding: 0.75rem; }
  .banner { background: #eff8ff; border: 1px solid #b2ddff; border-radius: 6px; padding: 0.4rem 0.6rem; margin: 0 0 0.5rem; }
  ol.transcript { list-style: none; margin: 0; padding: 0; max-height: 24rem; overflow-y: auto; }
  ol.transcript li { margin: 0.3rem 0; }
  .msg .meta { font-size: 0.8em; color: var(--muted, #667085); }
  .msg .bubble { white-space: pre-wrap; word-break: break-word; }
  .msg.visitor .bubble { background: #f2f4f7; border-radius: 6px; padding: 0.3rem 0.5rem; display: inline-block; }
  .msg.agent .bubble { background: #eff8ff; border-radius: 6px; padding: 0.3rem 0.5rem; display: inline-block; }
  .msg.event { text-align: center; font-size: 0.85em; color: var(--muted, #667085); }
  .whisper { border: 1px dashed #b54708; background: #fffaeb; border-radius: 6px; padding: 0.3rem 0.5rem; }
  .whisper .tag { font-size: 0.8em; color: #b54708; font-weight: 600; }
  .whisper .bubble { white-space: pre-wrap; word-break: break-word; }
  .typing { font-size: 0.85em; color: var(--muted, #667085); min-height: 1.2em; }
  textarea { width: 100%; box-sizing: border-box; font: inherit; margin-top: 0.25rem; }
  .actions { display: flex; gap: 0.5rem; margin-top: 0.5rem; flex-wrap: wrap; }
  button { font: inherit; cursor: pointer; padding: 0.3rem 0.8rem; border: 1px solid var(--border, #d0d5dd); border-radius: 6px; background: var(--surface, #fff); }
  button.primary { background: var(--primary, #1d4ed8); border-color: var(--primary, #1d4ed8); color: #fff; }
  button.danger { border-color: #d92d20; color: #b42318; }
  button:disabled { opacity: 0.6; cursor: default; }
`;
