import { css } from "lit";

/** Only http(s) URLs with a host, as the server requires (it checks again). */
export function pushableUrl(raw: string): boolean {
  try {
    const u = new URL(raw.trim());
    return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
  } catch {
    return false;
  }
}

/** A client id for one message; kept across retries of the same text so a resend is no duplicate. */
export const newCid = () => `o${Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(16).padStart(2, "0")).join("")}`;

export const outreachStyles = css`
  :host { display: block; font: inherit; }
  form { display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-end; margin: 0 0 8px; }
  label { display: block; font-size: 12.5px; font-weight: 600; margin-bottom: 2px; }
  .grow { flex: 1 1 12em; min-width: 0; }
  input, textarea { box-sizing: border-box; width: 100%; font: inherit; padding: 6px 8px; border: 1px solid #c9d1d9; border-radius: 6px; }
  input[aria-invalid="true"] { border-color: #b42318; }
  button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #1f6feb; background: #1f6feb; color: #fff; cursor: pointer; }
  button.sec { background: #fff; color: #1f6feb; }
  button:disabled { opacity: 0.6; cursor: default; }
  :focus-visible { outline: 2px solid #1f6feb; outline-offset: 2px; }
  .err { color: #b42318; font-size: 12.5px; margin: 2px 0 0; }
  .ok { color: #1a7f37; font-size: 12.5px; margin: 2px 0 0; }
  .answer { background: #f6f8fa; border-radius: 6px; padding: 6px 8px; margin: 4px 0; }
  h3 { font-size: 14px; margin: 0 0 6px; }
  .row { display: flex; gap: 6px; flex-wrap: wrap; }
`;
