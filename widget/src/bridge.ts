import type { ConnectedFrame, Id, ServerFrame, WidgetConfig } from "./frames.ts";
import type { Lang } from "./lang.ts";
import type { Transport } from "./transport.ts";

/**
 * The loader ⇄ panel interface. The loader owns the page view's only connection and the
 * shadow root; panel.js, fetched on demand, finds this object at window[bridgeName(site)]
 * (the widget's one global) and draws into the same root over the same transport.
 */
export interface LoaderState {
  online: boolean;
  connected: ConnectedFrame | null;
  lang: Lang;
  vid: string;
  token: string | null;
  /** The site's settings: `connected.config`, then each `config` frame (M10). */
  config: WidgetConfig;
  /** V2 list style: the group or agent the visitor clicked in the page; the panel takes it on open. */
  pick?: { kind: "groups" | "agents"; id: Id } | null;
}

export interface PanelApi {
  /** Frames the loader buffered before panel.js arrived, in arrival order. */
  replay(frames: ServerFrame[]): void;
  open(focus: boolean): void;
  close(): void;
}

export interface Bridge {
  site: string;
  origin: string;
  root: ShadowRoot;
  transport: Transport;
  state: LoaderState;
  /** The snippet's script element (in-page entry styles are drawn beside it); null in the preview. */
  anchor: HTMLScriptElement | null;
  /** panel.js registers itself; the loader replays buffered frames and opens it if asked to. */
  attach(panel: PanelApi): void;
  /** The panel opened or closed itself (minimise, Escape, invitation): sync the entry button. */
  changed(open: boolean, returnFocus?: boolean): void;
}

export const bridgeName = (site: string) => `__yingke_${site}`;
