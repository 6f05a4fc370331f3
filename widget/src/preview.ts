import { previewTransport, type PreviewData } from "./preview-transport.ts";
import { startWidget } from "./start.ts";

/**
 * preview.js — the admin's live preview (GET /admin/sites/:id/preview): the real widget code on
 * the draft config the page carries in #yk-preview, with a local transport instead of a server.
 * The panel opens at once so the admin sees the settings that show inside it.
 */
const me = document.currentScript as HTMLScriptElement | null;
const src = me && me.src ? new URL(me.src) : null;
const site = src && src.searchParams.get("site");
const data = document.getElementById("yk-preview");
if (src && site && data) {
  const parsed = JSON.parse(data.textContent || "{}") as PreviewData;
  startWidget({ origin: src.origin, site, anchor: me, transport: previewTransport(parsed) }).open(false);
}
