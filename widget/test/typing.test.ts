import { describe, expect, it } from "bun:test";
import { DRAFT_EVERY_MS, TYPING_IDLE_MS, typingSignals } from "../src/typing.ts";

/** A manual clock: timers run only when the test advances time. */
function fakeClock() {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => t,
    set: (fn: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
      return id as unknown as ReturnType<typeof setTimeout>;
    },
    clear: (id?: ReturnType<typeof setTimeout>) => {
      timers = timers.filter((x) => x.id !== (id as unknown as number));
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((x) => x !== due);
        t = due.at;
        due.fn();
      }
      t = end;
    },
  };
}

describe("visitor typing signals", () => {
  it("sends typing on once, drafts at most 4 per second ending with the latest text, and typing off when idle", () => {
    const clock = fakeClock();
    const sent: Record<string, unknown>[] = [];
    const s = typingSignals((f) => sent.push(f), clock);
    let text = "";
    for (let i = 0; i < 40; i++) {
      text += "x";
      s.input(text);
      clock.advance(25); // a fast typist: 40 keystrokes a second
    }
    const drafts = sent.filter((f) => f.type === "draft");
    expect(sent.filter((f) => f.type === "typing")).toEqual([{ type: "typing", on: true }]);
    expect(drafts.length).toBeLessThanOrEqual(Math.ceil(1000 / DRAFT_EVERY_MS) + 1);
    clock.advance(DRAFT_EVERY_MS);
    expect(sent.filter((f) => f.type === "draft").at(-1)).toEqual({ type: "draft", text });
    clock.advance(TYPING_IDLE_MS);
    expect(sent.at(-1)).toEqual({ type: "typing", on: false });
  });

  it("after sending: the draft is cleared and typing stops", () => {
    const clock = fakeClock();
    const sent: Record<string, unknown>[] = [];
    const s = typingSignals((f) => sent.push(f), clock);
    s.input("hello");
    s.sent();
    expect(sent).toEqual([
      { type: "typing", on: true },
      { type: "draft", text: "hello" },
      { type: "draft", text: "" },
      { type: "typing", on: false },
    ]);
  });
});
