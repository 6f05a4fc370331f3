/**
 * The visitor's typing signals: `typing {on:true}` when typing starts, `{on:false}` after 3 s
 * without a keystroke or when the message is sent; `draft {text}` at most 4 times a second
 * (protocol: the agent's live preview, A7), always ending with the latest text.
 */
export const TYPING_IDLE_MS = 3000;
export const DRAFT_EVERY_MS = 250;

// Wrapped: browsers throw "Illegal invocation" if setTimeout is called as a method of another object.
const realClock = { now: () => Date.now(), set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (id?: ReturnType<typeof setTimeout>) => clearTimeout(id) };

export function typingSignals(send: (f: { type: string; [k: string]: unknown }) => void, clock = realClock) {
  let on = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let trailing: ReturnType<typeof setTimeout> | undefined;
  let lastDraft = -Infinity;
  let text = "";
  let sentText = "";
  const draft = () => {
    trailing = undefined;
    lastDraft = clock.now();
    if (text !== sentText) send({ type: "draft", text: (sentText = text) });
  };
  const stop = () => {
    clock.clear(idle);
    if (on) send({ type: "typing", on: (on = false) });
  };
  return {
    input(value: string) {
      text = value;
      if (!on && value) send({ type: "typing", on: (on = true) });
      clock.clear(idle);
      idle = value ? clock.set(stop, TYPING_IDLE_MS) : undefined;
      if (!value) stop();
      const wait = lastDraft + DRAFT_EVERY_MS - clock.now();
      if (wait <= 0) draft();
      else if (!trailing) trailing = clock.set(draft, wait);
    },
    /** The message went out: clear the preview and stop typing. */
    sent() {
      clock.clear(trailing);
      trailing = undefined;
      text = "";
      draft();
      stop();
    },
  };
}
