import type { Bridge, LoaderState, PanelApi } from "./bridge.ts";
import { bridgeName } from "./bridge.ts";
import { h } from "./dom.ts";
import { entryView } from "./entry-view.ts";
import { ENTRY_CSS } from "./entry-styles.ts";
import { randomId, type EntryOffer, type ServerFrame } from "./frames.ts";
import { browserLangs, chooseLang } from "./lang.ts";
import { siteStorage } from "./storage.ts";
import { createTransport, type Transport } from "./transport.ts";
import { identityFrame } from "./identity.ts";
import { inviteTriggers } from "./invite-triggers.ts";

/**
 * The widget on a page (V1): storage, the one connection, the shadow root with the entry, and
 * the bridge panel.js attaches to. Started by main.js on host pages, and by preview.js in the
 * admin's preview frame with a local transport (no server).
 */
export interface StartOptions {
  origin: string;
  site: string;
  /** The snippet's script element: where in-page entry styles (fixed image, text link) go. */
  anchor: HTMLScriptElement | null;
  /** A transport other than the server's (the admin preview). */
  transport?: Transport;
}

export function startWidget({ origin, site, anchor, transport: given }: StartOptions) {
  const store = siteStorage(site);
  const tab = siteStorage(site, () => sessionStorage);
  const vid = store.get("vid") || randomId();
  store.set("vid", vid);
  const langs = browserLangs();
  const state: LoaderState = { online: false, connected: null, lang: chooseLang(langs), vid, token: store.get("token"), config: {} };
  const pickLang = (siteLang: string) => {
    const l = state.config.languages;
    state.lang = l && !l.followBrowser ? chooseLang([], siteLang) : chooseLang(langs, siteLang, l?.enabled);
  };
  const transport = given ?? createTransport({
    origin,
    site,
    ident: () => ({ vid: state.vid, token: state.token }),
    sse: Number(store.get("sse")) > Date.now(),
    // Behind a proxy that blocks WebSocket, skip the two doomed attempts for a day.
    onSse: () => store.set("sse", String(Date.now() + 864e5)),
  });

  const host = document.createElement("yingke-widget");
  const root = host.attachShadow({ mode: "open" });
  const box = h("div", { class: "r" });
  root.append(h("style", null, ENTRY_CSS), box);

  let panel: PanelApi | null = null;
  let loading = false;
  let want = false; // the visitor (or an agent's message) asked for the panel before it loaded
  let wantFocus = false; // only a visitor's click moves focus; an agent's message never steals it
  let isOpen = false;
  let dismissed = false; // closed by the visitor this page view: agent messages only badge
  let unread = 0;
  let shown = false;
  let pageSent = false;
  let buffer: ServerFrame[] = [];

  let offer: EntryOffer | null = null;
  const toggle = () => (isOpen ? panel?.close() : open(true));
  // V2: the entry in the site's style (widget/src/entry-view.ts); a list pick opens the chat with it.
  const entry = entryView({ host, box, anchor, origin, toggle, pick(kind, option) {
    state.pick = { kind, id: option.id };
    open(true);
  } });
  const draw = () => entry.update({ config: state.config, lang: state.lang, online: state.online, open: isOpen, unread, shown, offer });
  const show = () => {
    if (shown) return;
    shown = true;
    draw();
  };
  draw();
  (document.body || document.documentElement).appendChild(host);
  // Draw the button once the real online state is known, or after 4 s regardless (offline).
  setTimeout(show, 4000);

  function open(focus: boolean) {
    want = true;
    wantFocus = focus;
    if (panel) return panel.open(focus);
    if (loading) return;
    loading = true;
    const s = document.createElement("script");
    // Inserted scripts run async by default, and the server names the charset in Content-Type.
    s.src = `${origin}/widget/panel.js?site=${encodeURIComponent(site)}`;
    s.onerror = () => {
      loading = false; // a later click tries again
      s.remove();
    };
    document.head.appendChild(s);
  }

  const bridge: Bridge = {
    site,
    origin,
    root,
    anchor,
    transport,
    state,
    attach(p) {
      panel = p;
      p.replay(buffer);
      buffer = [];
      if (want) p.open(wantFocus);
    },
    changed(o, returnFocus) {
      isOpen = o;
      want = o;
      if (o) unread = 0;
      else dismissed = true;
      tab.set("open", o ? "1" : "");
      draw();
      if (returnFocus) entry.focus();
    },
  };
  (window as unknown as Record<string, unknown>)[bridgeName(site)] = bridge;

  const triggers = inviteTriggers((f) => transport.send(f as { type: string }));
  transport.on((f) => {
    triggers(f); // automatic invitation rules: timers and leave intent run before any interaction
    // Hidden by an agent (A11): the widget leaves the page.
    if ((f as { mode?: string }).mode == "hide") return host.remove();
    if (f.type === "connected") {
      state.connected = f;
      state.online = f.online;
      offer = f.entry || null;
      state.vid = f.visitorId;
      state.token = f.token;
      store.set("vid", f.visitorId);
      store.set("token", f.token);
      state.config = f.config || {};
      pickLang(f.language);
      // V25: the host's signed member claim, before the page view so the row appears verified.
      const id = identityFrame(anchor, Boolean(f.verified));
      if (id) transport.send(id);
      if (!pageSent) {
        pageSent = true;
        transport.send({
          type: "page",
          url: location.href,
          title: document.title,
          referrer: document.referrer,
          language: navigator.language,
          screen: `${screen.width}x${screen.height}`,
          timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        });
        // Chat keep (V20): the panel was open on the previous page of this tab (and the site keeps chats).
        if (f.conversation && f.conversation.status !== "ended" && tab.get("open") && state.config.keep?.minutes !== 0) open(false);
      }
      show();
    } else if (f.type === "presence") state.online = f.online;
    else if (f.type === "entry") offer = f;
    else if (f.type === "config") {
      state.config = f.config || {};
      if (state.connected) pickLang(state.connected.language);
    }
    else if ((f as { from?: string }).from === "agent" && !isOpen) {
      unread++;
      // An agent reaching out (reply, proactive chat, invitation, pushed page, survey, form: the
      // server marks them all from "agent"): open without stealing focus. If the visitor closed
      // the panel on this page, a message only badges; an explicit invitation or push opens.
      if (!dismissed || f.type != "message") open(false);
    }
    if (!panel && buffer.length < 500) buffer.push(f);
    draw();
  });
  transport.start();
  return { open };
}
