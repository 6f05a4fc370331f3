import { css } from "lit";

/** The list's look. Row positions and column widths are set through CSSOM (styleMap), which the CSP allows. */
export const listStyles = css`
  :host { display: block; height: 100%; min-height: 320px; font-size: 13px; color: #1f2328; }
  .wrap { display: flex; height: 100%; min-height: inherit; }
  .main { flex: 1; min-width: 0; display: flex; flex-direction: column; }
  .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; padding: 6px 8px; border-bottom: 1px solid #d0d7de; }
  .filter { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
  .n { color: #57606a; }
  .search { flex: 1; min-width: 180px; padding: 4px 6px; font: inherit; }
  .chooser { position: relative; }
  .chooser summary { cursor: pointer; }
  .menu { position: absolute; right: 0; z-index: 3; background: #fff; border: 1px solid #d0d7de; padding: 6px 10px; display: grid; gap: 2px; min-width: 200px; box-shadow: 0 4px 12px rgb(0 0 0 / 15%); }
  .count { color: #57606a; }
  .error { color: #b42318; padding: 4px 8px; margin: 0; }
  .viewport { flex: 1; min-height: 200px; max-height: calc(100vh - 60px); overflow: auto; position: relative; contain: strict; }
  .head, .row { display: grid; grid-template-columns: var(--cols); width: var(--width); }
  .head { position: sticky; top: 0; z-index: 2; background: #f6f8fa; border-bottom: 1px solid #d0d7de; height: 32px; }
  .body { position: relative; width: var(--width); }
  .row { position: absolute; left: 0; top: 0; height: 32px; box-sizing: border-box; border-bottom: 1px solid #eaeef2; cursor: pointer; background: #fff; }
  .row:hover { background: #f6f8fa; }
  .row.selected { background: #ddf4ff; }
  .row:focus { outline: 2px solid #0969da; outline-offset: -2px; }
  .cell { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; padding: 0 6px; line-height: 31px; }
  .sort { all: unset; cursor: pointer; font-weight: 600; display: block; width: 100%; overflow: hidden; text-overflow: ellipsis; }
  .sort:focus-visible { outline: 2px solid #0969da; }
  .arrow { margin-left: 3px; font-size: 10px; }
  .muted { color: #57606a; font-size: 12px; }
  .badge { display: inline-flex; align-items: center; gap: 5px; font-weight: 600; }
  .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; background: currentColor; }
  .browsing { color: #1a7f37; }
  .waiting { color: #bc4c00; }
  .chatting { color: #0969da; }
  .gone { color: #6e7781; }
  .row.browsing, .row.waiting, .row.chatting, .row.gone { color: #1f2328; }
  .row.gone { color: #6e7781; }
  .act { font: inherit; font-size: 12px; padding: 1px 8px; cursor: pointer; }
  .empty { position: sticky; left: 0; padding: 16px; color: #57606a; }
  .verified { display: inline-block; padding: 0 4px; margin-right: 2px; border-radius: 3px; background: #dafbe1; color: #116329; font-size: 11px; font-weight: 600; line-height: 16px; }
  .side { width: 360px; flex: none; border-left: 1px solid #d0d7de; }
`;
