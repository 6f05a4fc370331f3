import type { Bridge, PanelApi } from "./bridge.ts";
import { composer } from "./composer.ts";
import { Conversation } from "./conversation.ts";
import { createDelivery } from "./delivery.ts";
import { dropTarget } from "./drop.ts";
import { entryChoice } from "./entry-choice.ts";
import { fmt, h, icon } from "./dom.ts";
import { fileSender } from "./file-sender.ts";
import { randomId, sameId, type ConvStatus, type ErrorFrame, type Limits, type ServerFrame } from "./frames.ts";
import { PANEL } from "./i18n/panel.ts";
import { I } from "./icons.ts";
import { leaveForm } from "./leave-form.ts";
import { messageList } from "./message-list.ts";
import { askToEnd, queueLine, typingLine } from "./notice-lines.ts";
import { outreach, type OutView } from "./outreach.ts";
import { prechatForm } from "./prechat-form.ts";
import { quickTags } from "./quick-tags.ts";
import type { SiteConfig } from "./site-config.ts";
import { powSolver } from "./pow.ts";
import { profileForm } from "./profile-form.ts";
import { PANEL_CSS } from "./styles.ts";
import { downloadTranscript, printTranscript, transcriptHtml } from "./transcript.ts";
import { endedView } from "./ended-view.ts";
import { panelLook } from "./look.ts";
import { typingSignals } from "./typing.ts";

type View = "chat" | "leave" | "thanks" | "profile" | "ended" | "choose" | "prechat" | OutView;

/**
 * The chat panel (V4): one dialog in the loader's shadow root, driven by frames from the
 * shared transport. It owns the conversation model and the delivery guarantees; the views
 * (chat, leave message, thanks, contact card, ended) are swapped inside its body.
 */
export function createPanel(b: Bridge): PanelApi {
  const { transport } = b;
  const lang = b.state.lang;
  const t = PANEL[lang];
  const conv = new Conversation();
  let status: ConvStatus | null = null;
  let agentName: string | null = null;
  let online = b.state.online;
  let limits: Limits | null = b.state.connected?.limits ?? null;
  let isOpen = false;
  let view: View | null = null;
  let leaveCid: string | null = null;
  let leaveSig = "";
  let leaveDone = false;
  /** An agent blocked chat for this visitor (A11): only the leave form is offered. */
  let chatBlocked = b.state.connected?.blocked === "refuse_chat";
  let replaying = false;

  const files = fileSender({
    t, origin: b.origin, site: b.site, token: () => b.state.token, limits: () => limits, conv, note: (text) => note(text), render: () => render(),
    before: () => newConversationIfEnded(), deliver: (cid, fileId) => delivery.send({ type: "file", cid, fileId, ...route() }), after: () => list.toBottom(),
  });
  const delivery = createDelivery(transport, (cid) => {
    if (cid === leaveCid) return leave.serverError(undefined, t.error);
    conv.fail(cid);
    render();
  });
  // V22: a flooding source solves a proof of work; refused frames wait in the delivery meanwhile.
  const pow = powSolver({ delivery, send: (f) => transport.send(f), verifying: t.verifying, status: (s) => (s ? note(s) : banner.textContent === t.verifying && note("")) });
  const typing = typingSignals((f) => {
    if (conv.id != null && status !== "ended") transport.send(f);
  });

  // ── shell ────────────────────────────────────────────────────────────────
  const iconButton = (d: string, label: string, onClick: () => void) => {
    const el = h("button", { type: "button", class: "ib", "aria-label": label, title: label }, icon(d));
    el.addEventListener("click", onClick);
    return el;
  };
  const sub = h("p", { class: "sub" });
  const profileBtn = iconButton(I.person, t.details, () => show("profile", true));
  const endBtn = iconButton(I.end, t.endChat, () =>
    askToEnd(t, banner, endBtn, () => {
      delivery.send({ type: "end" });
      setStatus("ended"); // shown at once; the server's `conversation` frame confirms it
    }),
  );
  const minBtn = iconButton(I.min, t.minimise, () => api.close());
  const banner = h("div", { class: "bn", role: "status" });
  const look = panelLook(t, lang, b.origin); // V16 branding and texts (widget/src/look.ts)
  const titleEl = h("h2", { id: "yk-title" }, t.title);
  // V24: the group or agent list before the first message (widget/src/entry-choice.ts).
  const choice = entryChoice(t, () => show(pickView(), true));
  const body = h("div", { class: "bd", "data-drop": t.dropHere });
  const announcer = h("div", { class: "sr", "aria-live": "polite" });
  const dialog = h(
    "section",
    { class: "p", role: "dialog", "aria-modal": "false", "aria-labelledby": "yk-title", lang, hidden: true },
    h("header", { class: "hd" }, look.logo, h("div", { class: "ht" }, titleEl, look.company, sub), profileBtn, endBtn, minBtn),
    look.banner,
    look.warning,
    banner,
    choice.bar,
    body,
    announcer,
  );
  b.root.append(h("style", null, PANEL_CSS), dialog);

  dialog.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      api.close();
    }
  });

  // ── chat view ────────────────────────────────────────────────────────────
  const list = messageList({
    t,
    lang,
    origin: b.origin,
    token: () => b.state.token,
    retry: (cid) => resend(cid),
    cancelUpload: (cid) => files.cancel(cid),
  });
  const agentTyping = typingLine(t);
  const queue = queueLine(t);
  const input = composer({
    t,
    maxLength: () => limits?.maxMessageLength || 5000,
    send: sendText,
    input: (text) => typing.input(text),
    files: (f) => files.send(f),
  });
  // V21: the site's question buttons send through the normal path, like typed text.
  const tags = quickTags(t, lang, (text) => sendText(text));
  const chat = h("div", { class: "chat" }, queue.el, list.el, agentTyping.el, tags.el, input.el);
  dropTarget(chat, body, (f) => files.send(f));

  // ── other views ──────────────────────────────────────────────────────────
  const leave = leaveForm(t, (v) => {
    // Same cid while the content is unchanged, so a resend after a lost ack is not a duplicate.
    const sig = JSON.stringify(v);
    if (!leaveCid || sig !== leaveSig) {
      leaveCid = randomId();
      leaveSig = sig;
    }
    leave.busy(true);
    delivery.send({ type: "leave", cid: leaveCid, name: v.name.trim(), phone: v.phone.trim(), email: v.email.trim(), content: (v.content || "").trim(), ...(v.company ? { company: v.company.trim() } : {}) });
  });
  const profile = profileForm(
    t,
    (v) => transport.send({ type: "profile", name: v.name.trim(), phone: v.phone.trim(), email: v.email.trim(), company: (v.company || "").trim() }) || delivery.send({ type: "profile", ...v }),
    () => show(pickView(), true),
  );
  const centred = (title: string, text: string, ...actions: HTMLElement[]) => h("div", { class: "ctr" }, h("h3", { tabindex: "-1" }, title), h("p", null, text), ...actions);
  const button = (label: string, cls: string, onClick: () => void, d?: string) => {
    const el = h("button", { type: "button", class: cls }, d ? icon(d) : null, label);
    el.addEventListener("click", onClick);
    return el;
  };
  const thanks = centred(t.thanksTitle, t.thanksBody);
  const transcript = () => transcriptHtml({ title: t.transcriptTitle, lang, messages: conv.list(), you: t.you, agent: t.agent });
  const ended = endedView(
    t,
    button(t.transcript, "btn", () => downloadTranscript(transcript(), b.root), I.file),
    button(t.print, "btn sec", () => printTranscript(transcript(), b.root)),
    button(t.newChat, "btn sec", () => {
      choice.reset();
      pre.reset();
      conv.reset(null);
      status = null;
      agentName = null;
      render();
      show(pickView(), true);
    }),
    button(t.rateChat, "btn sec", () => out.survey(conv.id)),
  );

  // An agent reaching out: invitation, pushed page, survey, info form (widget/src/outreach.ts).
  const out = outreach({
    t,
    send: (f) => transport.send(f),
    show: (v, focus) => show(v ?? pickView(), focus),
    close: () => api.close(),
    announce(text) {
      announcer.textContent = "";
      announcer.textContent = text;
    },
    banner: (...nodes) => banner.replaceChildren(...nodes),
    focusInside: () => isOpen && dialog.contains(b.root.activeElement),
    navigate: (url) => location.assign(url),
    lang,
  });
  // V7: the site's pre-chat form before a new chat; a refused answer brings it back and resends.
  const pre = prechatForm(t, lang, (cid) => {
    show(pickView(), true);
    if (cid) resend(cid);
  });
  const lookTargets = { title: titleEl, list, leave, ended, queue };
  /** The site's settings for the visitor forms and the look (`connected.config`, `config` frames). */
  const configure = (c: SiteConfig | undefined) => {
    if (!c) return;
    pre.set(c.prechat);
    out.configure(c.satisfaction);
    leave.configure(c.leave_form, lang);
    tags.set(c.quick_tags);
    look.apply(c, lookTargets);
  };
  configure(b.state.config as SiteConfig);

  /** The visitor's pick rides on frames that may open a conversation; the server checks it. */
  const route = () => (conv.id == null ? { ...choice.route(), ...pre.route() } : {});
  const fresh = () => conv.id == null && conv.size === 0;

  const views: Record<View, { el: HTMLElement; focus(): void }> = {
    ...out.views,
    choose: { el: choice.el, focus: () => choice.focus() },
    prechat: { el: pre.el, focus: () => pre.focus() },
    chat: { el: chat, focus: () => input.focus() },
    leave: { el: leave.el, focus: () => leave.focus() },
    thanks: { el: thanks, focus: () => (thanks.firstChild as HTMLElement).focus() },
    profile: { el: profile.el, focus: () => profile.focus() },
    ended,
  };

  function pickView(): View {
    const asked = out.pending();
    if (asked) return asked;
    if (chatBlocked) return leaveDone ? "thanks" : "leave";
    if (status === "ended") return "ended";
    const step = fresh() ? choice.step() : null;
    if (step === "choose") return step;
    if (step ? step === "online" : !fresh() || online) return fresh() && pre.needed() ? "prechat" : "chat";
    return leaveDone ? "thanks" : "leave";
  }

  function show(v: View, focus: boolean) {
    if (v !== view) {
      view = v;
      body.replaceChildren(views[v].el);
      if (v === "chat") list.toBottom();
    }
    header();
    if (focus && isOpen) views[v].focus();
  }

  function header() {
    sub.textContent = status === "waiting" ? t.subWaiting : status === "active" && agentName ? fmt(t.subAgent, { name: agentName }) : online ? t.subOnline : t.subOffline;
    endBtn.hidden = !(conv.id != null && status !== "ended" && view === "chat");
    queue.render(status === "waiting");
    // The leave form has its own contact fields; the card is for chats.
    profileBtn.hidden = view !== "chat";
    choice.showBar(fresh() && (view === "chat" || view === "leave"));
  }

  function render() {
    list.render(conv.list());
    header();
  }

  /** Blocked: a polite notice and the leave form; lifted: chat as before. */
  function setBlocked(on: boolean) {
    if (on === chatBlocked && (!on || banner.textContent === t.blocked)) return;
    chatBlocked = on;
    note(on ? t.blocked : "");
    if (view !== null && view !== "profile") show(pickView(), false);
  }

  const note = (text: string) => banner.replaceChildren(text);

  function setStatus(s: ConvStatus | null) {
    status = s;
    if (s !== "waiting") queue.clear();
    if (s === "ended") {
      agentTyping.clear();
      if (view === "chat" || view === null) show("ended", isOpen && dialog.contains(b.root.activeElement));
    }
    header();
  }

  // ── sending ──────────────────────────────────────────────────────────────
  function newConversationIfEnded() {
    if (status === "ended") {
      conv.reset(null);
      setStatus(null);
    }
  }

  function sendText(raw: string): boolean {
    const text = raw.trim();
    if (!text) return false;
    const max = limits?.maxMessageLength || 5000;
    if (text.length > max) {
      note(fmt(t.tooLong, { max }));
      return false;
    }
    newConversationIfEnded();
    const cid = randomId();
    const fields = route();
    conv.addLocal(cid, text);
    delivery.send({ type: "send", cid, body: text, ...fields });
    typing.sent();
    render();
    list.toBottom();
    return true;
  }

  function resend(cid: string) {
    const m = conv.retry(cid);
    if (!m) return;
    delivery.send(m.kind === "file" && m.file ? { type: "file", cid, fileId: m.file.id, ...route() } : { type: "send", cid, body: m.body, ...route() });
    render();
  }

  // ── frames ───────────────────────────────────────────────────────────────
  const errorText = (f: ErrorFrame) => (f.code === "blocked" ? t.blocked : f.code === "too_long" ? fmt(t.tooLong, { max: limits?.maxMessageLength || 5000 }) : f.code === "rate_limited" ? t.rateLimited : f.code === "invalid" ? t.invalid : t.error);

  function resume() {
    if (!replaying && transport.open && conv.id != null && status !== "ended") transport.send({ type: "resume", conversationId: conv.id, lastSeq: conv.lastSeq });
  }

  function onFrame(f: ServerFrame) {
    if (out.onFrame(f, replaying) || pow.onFrame(f, replaying)) return render();
    switch (f.type) {
      case "connected": {
        configure(f.config as SiteConfig | undefined);
        limits = f.limits;
        online = f.online;
        choice.set(f.entry ?? null);
        banner.textContent === t.reconnecting && banner.replaceChildren();
        setBlocked(f.blocked === "refuse_chat");
        const c = f.conversation;
        if (c && c.status !== "ended") {
          if (!sameId(c.id, conv.id)) conv.reset(c.id);
          agentName = c.agentName;
          setStatus(c.status);
        } else if (conv.id != null && status !== "ended") setStatus("ended"); // ended while we were away
        resume(); // resume first, then the unacknowledged frames (delivery)
        if (!replaying) delivery.handle(f);
        break;
      }
      case "config":
        configure(f.config as SiteConfig);
        if (isOpen && view === "chat" && fresh()) show(pickView(), false);
        break;
      case "_down":
        conv.disconnected();
        if (!replaying) note(t.reconnecting);
        break;
      case "presence":
      case "entry":
        if (f.type === "entry") choice.set(f);
        else online = f.online;
        // An untouched leave form, an empty chat or the list may turn into another view.
        if (isOpen && ((view === "leave" && !leave.dirty) || view === "choose" || (view === "chat" && fresh()))) show(pickView(), false);
        break;
      case "message":
        if (conv.receive(f)) {
          if (f.from === "agent") agentTyping.clear();
          if (!replaying && f.from !== "visitor") {
            announcer.textContent = "";
            announcer.textContent = fmt(t.newMessage, { name: f.name || (f.from === "agent" ? t.agent : ""), text: f.kind === "file" && f.file ? f.file.name : f.body });
          }
          if (status === null || status === "ended") setStatus(status === "ended" ? "ended" : "waiting");
        }
        break;
      case "ack":
        if (!replaying) delivery.handle(f);
        if (f.cid === leaveCid) {
          leaveCid = null;
          leaveDone = true;
          show("thanks", isOpen);
        } else if (conv.ack(f) && status === null) setStatus("waiting");
        break;
      case "error":
        if (!replaying) delivery.handle(f);
        if (f.code === "blocked") setBlocked(true);
        if (f.code === "rate_limited" && f.cid && delivery.pending(f.cid)) note(t.rateLimited);
        else if (f.cid && f.cid === leaveCid) leave.serverError(f.field, errorText(f));
        else if (f.cid && conv.pending(f.cid) && pre.refused(f.cid, f.field, errorText(f))) {
          conv.fail(f.cid); // resent when the visitor corrects the form (prechat-form.ts)
          show("prechat", isOpen);
        }
        else if (f.cid && conv.pending(f.cid)) {
          conv.fail(f.cid);
          note(errorText(f));
          if (f.code === "ended") setStatus("ended");
        } else if (view === "profile" && f.field) profile.serverError(f.field, errorText(f));
        else if (!f.cid) note(errorText(f));
        break;
      case "conversation":
        if (!sameId(f.id, conv.id)) conv.reset(f.id);
        agentName = f.agentName;
        setStatus(f.status);
        break;
      case "typing":
        if (sameId(f.conversationId, conv.id)) agentTyping.show(f.on, f.name || agentName || t.agent);
        break;
      case "queue":
        if (conv.id == null || sameId(f.conversationId, conv.id)) queue.set(f.position, f.expectedWaitSeconds);
        break;
      case "resumed":
        if (sameId(f.conversationId, conv.id)) conv.resumed(f.lastSeq);
        break;
      case "blocked":
      case "unblocked":
        setBlocked(f.type === "blocked");
        break;
    }
    render();
  }

  transport.on(onFrame);

  const api: PanelApi = {
    replay(frames) {
      replaying = true;
      try {
        for (const f of frames) onFrame(f);
      } finally {
        replaying = false;
      }
      // This connection's `connected` went by before the panel existed: catch up now.
      resume();
    },
    open(focus) {
      // V2 list style: the group or agent the visitor clicked on the page.
      const picked = b.state.pick && choice.preset(b.state.pick);
      b.state.pick = null;
      if (isOpen && picked) show(pickView(), false);
      if (!isOpen) {
        isOpen = true;
        dialog.hidden = false;
        show(pickView(), false);
        b.changed(true);
      }
      list.toBottom();
      if (focus) views[view!].focus();
    },
    close() {
      if (!isOpen) return;
      isOpen = false;
      dialog.hidden = true;
      b.changed(false, true);
    },
  };
  return api;
}
