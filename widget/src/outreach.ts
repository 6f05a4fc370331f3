import { fmt, h } from "./dom.ts";
import { field, showErrors, values, type Field } from "./forms.ts";
import type { ClientFrame, Id } from "./frames.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import type { Lang } from "./lang.ts";
import { pick, type SatisfactionConfig, type Texts } from "./site-config.ts";
import { validateProfile, type ContactInput } from "./validate.ts";

/**
 * What the panel shows when an agent reaches out (docs/protocol.md): an invitation (V8) to
 * accept or decline, a pushed page (V10) opened only after the visitor confirms, the
 * satisfaction survey (V13) and the info form (A16). Every text is a Text node; the only
 * navigation is to an http(s) URL, in the same tab, after a click on "Open".
 */
export type OutView = "invite" | "survey" | "info";
export interface SurveyLevel {
  value: number;
  label: string | null;
  /** The site's label per language (V13); empty: the catalogue's. */
  labels?: Texts;
  commentRequired?: boolean;
}
export type OutFrame =
  // `style` (automatic rules only): "popup" centres the card on a desktop page, "corner" keeps it beside the button.
  | { type: "invite"; invitationId: Id; agentName: string; text: string; style?: string }
  // An automatic rule opened a chat; its conversation and greeting come as ordinary frames.
  | { type: "proactive"; conversationId: Id }
  | { type: "push_url"; conversationId: Id; url: string }
  | { type: "survey"; conversationId: Id; levels?: SurveyLevel[]; comment?: boolean }
  | { type: "info_form"; conversationId: Id }
  | { type: "invite_answered"; invitationId: Id; status: string }
  | { type: "rating_saved" }
  | { type: "info_saved" };

export interface OutreachDeps {
  t: PanelStrings;
  send(f: ClientFrame): boolean;
  /** Show one of these views, or (null) go back to whatever the panel would show. */
  show(v: OutView | null, focus: boolean): void;
  close(): void;
  announce(text: string): void;
  banner(...nodes: (Node | string)[]): void;
  /** Whether the visitor is working inside the panel now (then focus may move). */
  focusInside(): boolean;
  navigate(url: string): void;
  lang?: Lang;
}

const DEFAULT_LEVELS: SurveyLevel[] = [5, 4, 3, 2, 1].map((value) => ({ value, label: null }));
export const MAX_COMMENT = 500;

/** Only http(s) URLs with a host: never javascript:, data:, file: or anything else. */
export function pushableUrl(raw: unknown): string | null {
  try {
    const u = new URL(String(raw));
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname ? u.href : null;
  } catch {
    return null;
  }
}

export function outreach(d: OutreachDeps) {
  const { t } = d;
  let pending: OutView | null = null;
  let invitationId: Id | null = null;
  let surveyConv: Id | null = null;
  /** The site's satisfaction settings (`config.satisfaction`), and chats that had an agent. */
  let satisfaction: SatisfactionConfig | null = null;
  const served = new Set<string>();
  let shownLevels: SurveyLevel[] = [];
  const button = (label: string, cls: string, onClick: () => void) => {
    const el = h("button", { type: "button", class: cls }, label);
    el.addEventListener("click", onClick);
    return el;
  };
  // An automatic invitation's "popup" style: the panel centred while the invitation shows.
  const pop = (on: boolean) => invite.closest(".p")?.classList.toggle("pop", on);
  const done = (focus: boolean) => {
    pop(false);
    pending = null;
    d.show(null, focus);
  };

  // ── invitation ────────────────────────────────────────────────────────────
  const inviteTitle = h("h3", { id: "yk-inv", tabindex: "-1" });
  const inviteText = h("p");
  const accept = button(t.inviteAccept, "btn", () => {
    d.send({ type: "invite_answer", invitationId, accept: true });
    done(true);
  });
  const decline = button(t.inviteDecline, "btn sec", () => {
    d.send({ type: "invite_answer", invitationId, accept: false });
    pop(false);
    pending = null;
    d.close();
  });
  const invite = h("div", { class: "ctr inv", role: "group", "aria-labelledby": "yk-inv" }, inviteTitle, inviteText, accept, decline);

  // ── survey ────────────────────────────────────────────────────────────────
  const levelsBox = h("div", { class: "lv" });
  const levelError = h("div", { id: "yk-lve", class: "fe", role: "alert" });
  const comment = field("comment", t.surveyComment, { multiline: true, max: MAX_COMMENT });
  const fieldset = h("fieldset", { class: "fs", "aria-describedby": "yk-lve" }, h("legend", null, t.surveyTitle), levelsBox, levelError);
  const surveyForm = h(
    "form",
    { class: "fm", novalidate: true },
    fieldset,
    comment.wrap,
    h("div", { class: "row" }, button(t.notNow, "btn sec", () => done(true)), h("button", { type: "submit", class: "btn" }, t.surveySubmit)),
  );
  surveyForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const chosen = levelsBox.querySelector<HTMLInputElement>("input:checked");
    levelError.textContent = chosen ? "" : t.chooseLevel;
    if (!chosen) return levelsBox.querySelector<HTMLInputElement>("input")?.focus();
    if (needsComment() && !comment.input.value.trim()) return showErrors([comment], { comment: "commentNeeded" }, t)?.input.focus();
    if (comment.input.value.trim().length > MAX_COMMENT) return showErrors([comment], { comment: "tooLong" }, t, { max: MAX_COMMENT })?.input.focus();
    d.send({ type: "rating", conversationId: surveyConv, level: Number(chosen.value), comment: comment.input.value.trim() });
  });
  const levelLabel = (l: SurveyLevel) => l.label || pick(l.labels, d.lang ?? "en") || (t as unknown as Record<string, string>)[`level${l.value}`] || String(l.value);
  const chosenLevel = () => shownLevels.find((l) => String(l.value) === levelsBox.querySelector<HTMLInputElement>("input:checked")?.value);
  const needsComment = () => !!chosenLevel()?.commentRequired;
  const commentLabel = comment.wrap.querySelector("label")!;
  // The comment becomes required (and says so) while a level that requires one is chosen.
  levelsBox.addEventListener("change", () => {
    commentLabel.textContent = needsComment() ? t.surveyCommentRequired : t.surveyComment;
    comment.input.setAttribute("aria-required", String(needsComment()));
  });
  function drawLevels(levels: SurveyLevel[]) {
    shownLevels = levels;
    commentLabel.textContent = t.surveyComment;
    comment.input.setAttribute("aria-required", "false");
    levelsBox.replaceChildren(
      ...levels.map((l, i) => {
        const id = `yk-lv${l.value}`;
        return h("div", { class: "lvo" }, h("input", { type: "radio", name: "level", id, value: l.value, required: i === 0 }), h("label", { for: id }, levelLabel(l)));
      }),
    );
    levelError.textContent = "";
    comment.input.value = "";
    showErrors([comment], {}, t);
  }

  // ── info form ─────────────────────────────────────────────────────────────
  const infoFields: Field[] = [
    field("name", t.name, { autocomplete: "name", max: 100, required: true }),
    field("phone", t.phone, { type: "tel", autocomplete: "tel", max: 40 }),
    field("email", t.email, { type: "email", autocomplete: "email", max: 200 }),
    field("company", t.company, { autocomplete: "organization", max: 200 }),
  ];
  const infoForm = h(
    "form",
    { class: "fm", novalidate: true },
    h("h3", null, t.infoTitle),
    h("p", { class: "intro" }, t.infoIntro),
    ...infoFields.map((f) => f.wrap),
    h("div", { class: "row" }, button(t.notNow, "btn sec", () => done(true)), h("button", { type: "submit", class: "btn" }, t.submit)),
  );
  infoForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = values(infoFields) as unknown as ContactInput;
    const errors: Record<string, string> = { ...validateProfile(v) };
    if (!v.name.trim()) errors.name = "required";
    if (!v.phone.trim() && !v.email.trim()) errors.phone = errors.email = "contactRequired";
    const first = showErrors(infoFields, errors, t, { max: 100 });
    if (first) return first.input.focus();
    d.send({ type: "info", name: v.name.trim(), phone: v.phone.trim(), email: v.email.trim(), company: (v.company || "").trim() });
  });

  const els: Record<OutView, HTMLElement> = { invite, survey: surveyForm, info: infoForm };
  const focusOf: Record<OutView, () => void> = {
    invite: () => accept.focus(),
    survey: () => levelsBox.querySelector<HTMLInputElement>("input")?.focus(),
    info: () => infoFields[0].input.focus(),
  };

  function openSurvey(conversationId: Id | null, levels: SurveyLevel[] | undefined, focus: boolean) {
    surveyConv = conversationId;
    const configured = satisfaction?.levels?.map((l) => ({ value: l.value, label: null, labels: l.label, commentRequired: l.commentRequired }));
    drawLevels(levels?.length ? levels : configured?.length ? configured : DEFAULT_LEVELS);
    pending = "survey";
    d.show("survey", focus);
  }

  return {
    views: Object.fromEntries((Object.keys(els) as OutView[]).map((k) => [k, { el: els[k], focus: focusOf[k] }])) as Record<OutView, { el: HTMLElement; focus(): void }>,
    /** The view an agent asked for and the visitor has not answered yet. */
    pending: () => pending,
    /** V13 at the end of a chat: the visitor may rate it without being asked. */
    survey: (conversationId: Id | null) => openSurvey(conversationId, undefined, true),
    /** The site's levels, labels, required comments and whether to ask when a chat ends. */
    configure(c: SatisfactionConfig | undefined | null) {
      satisfaction = c && Array.isArray(c.levels) ? c : null;
    },
    /** Handles an outreach frame; false for any other frame. */
    onFrame(f: OutFrame | { type: string; field?: string; message?: string; code?: string }, replaying: boolean): boolean {
      // Focus moves only when the visitor is working in the panel (never stolen from the page).
      const focus = () => !replaying && d.focusInside();
      switch (f.type) {
        case "connected":
        case "conversation": {
          // V13: a chat that had an agent and ends while we watch is offered for rating once.
          const c = f.type === "connected" ? (f as { conversation?: { id: Id; status: string } | null }).conversation : (f as unknown as { id: Id; status: string });
          if (c && c.status === "active") served.add(String(c.id));
          else if (c && c.status === "ended" && served.delete(String(c.id)) && satisfaction?.askAtEnd && !replaying && pending === null) openSurvey(c.id, undefined, focus());
          return false;
        }
        case "invite": {
          const g = f as Extract<OutFrame, { type: "invite" }>;
          invitationId = g.invitationId;
          inviteTitle.textContent = fmt(t.inviteTitle, { name: g.agentName || t.agent });
          inviteText.textContent = g.text || t.inviteDefault;
          pending = "invite";
          d.show("invite", focus());
          pop(g.style === "popup");
          d.announce(fmt(t.invited, { name: g.agentName || t.agent, text: g.text || t.inviteDefault }));
          return true;
        }
        case "push_url": {
          const href = pushableUrl((f as Extract<OutFrame, { type: "push_url" }>).url);
          if (!href) return true;
          const open = button(t.openPage, "btn", () => {
            d.banner();
            d.navigate(href);
          });
          const cancel = button(t.cancel, "btn sec", () => d.banner());
          d.banner(h("span", null, t.pushUrlTitle), h("span", { class: "url" }, href), open, cancel);
          if (focus()) open.focus();
          return true;
        }
        case "survey": {
          const g = f as Extract<OutFrame, { type: "survey" }>;
          openSurvey(g.conversationId, g.levels, focus());
          d.announce(t.surveyAsk);
          return true;
        }
        case "info_form":
          showErrors(infoFields, {}, t);
          pending = "info";
          d.show("info", focus());
          d.announce(t.infoIntro);
          return true;
        case "invite_answered":
        case "proactive":
          return true;
        case "rating_saved":
        case "info_saved":
          if (replaying) return true;
          done(d.focusInside());
          d.banner(f.type === "rating_saved" ? t.ratingThanks : t.infoThanks);
          return true;
        case "error": {
          const e = f as { field?: string; message?: string };
          if (pending === "survey" && (e.field === "level" || e.field === "comment")) {
            if (e.field === "level") levelError.textContent = t.chooseLevel;
            else showErrors([comment], { comment: comment.input.value.trim() ? t.invalid : "commentNeeded" }, t);
            return true;
          }
          if (pending === "info" && e.field && infoFields.some((x) => x.name === e.field)) {
            showErrors(infoFields, { [e.field]: e.field === "email" ? "badEmail" : e.field === "phone" ? "badPhone" : t.invalid }, t)?.input.focus();
            return true;
          }
          return false;
        }
      }
      return false;
    },
  };
}
