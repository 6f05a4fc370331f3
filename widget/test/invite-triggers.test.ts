import { describe, expect, it } from "bun:test";
import { useDom } from "./dom-env.ts";
import { inviteTriggers } from "../src/invite-triggers.ts";

/** The widget's side of automatic invitation rules: timers and leave intent, armed and disarmed by the server. */
useDom();

const leaveWindow = (clientY: number, toInside = false) =>
  document.dispatchEvent(new MouseEvent("mouseout", { clientX: 200, clientY, relatedTarget: toInside ? document.body : null, bubbles: true }));

function setup() {
  const sent: object[] = [];
  return { sent, on: inviteTriggers((f) => sent.push(f)) };
}

describe("invite triggers", () => {
  it("a delay trigger fires once after its delay", async () => {
    const { sent, on } = setup();
    on({ type: "invite_arm", ruleId: 3, trigger: "delay", delaySeconds: 0 } as never);
    expect(sent).toEqual([]);
    await Bun.sleep(20);
    expect(sent).toEqual([{ type: "invite_fire", ruleId: 3 }]);
    await Bun.sleep(20);
    expect(sent.length).toBe(1);
  });

  it("a disarmed or re-armed trigger does not fire (twice)", async () => {
    const { sent, on } = setup();
    on({ type: "invite_arm", ruleId: 1, trigger: "delay", delaySeconds: 0 } as never);
    on({ type: "invite_disarm", ruleId: 1 } as never);
    on({ type: "invite_arm", ruleId: 2, trigger: "delay", delaySeconds: 0 } as never);
    on({ type: "invite_arm", ruleId: 2, trigger: "delay", delaySeconds: 0 } as never);
    on({ type: "invite_arm", ruleId: 4, trigger: "delay", delaySeconds: 0 } as never);
    on({ type: "invite_disarm" } as never); // all of them
    on({ type: "invite_arm", ruleId: 5, trigger: "delay", delaySeconds: 0 } as never);
    await Bun.sleep(20);
    expect(sent).toEqual([{ type: "invite_fire", ruleId: 5 }]);
  });

  it("leave intent: the pointer leaving the window at the top, once; not moving within the page or out at the side", async () => {
    const { sent, on } = setup();
    on({ type: "invite_arm", ruleId: 9, trigger: "leave", delaySeconds: 0 } as never);
    expect(matchMedia("(hover:hover) and (pointer:fine)").matches).toBe(true); // happy-dom is a desktop
    leaveWindow(300, true); // into another element
    leaveWindow(300); // out at the side, below the top edge
    expect(sent).toEqual([]);
    leaveWindow(-1);
    leaveWindow(-1);
    expect(sent).toEqual([{ type: "invite_fire", ruleId: 9 }]);
  });

  it("ignores every other frame", () => {
    const { sent, on } = setup();
    for (const f of [{ type: "message" }, { type: "invite_arm" }, { type: "invite_arm", ruleId: "x" }]) on(f as never);
    expect(sent).toEqual([]);
  });
});
