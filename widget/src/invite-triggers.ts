/**
 * Automatic invitation triggers (V8 rules; docs/protocol.md, "Invitation rules"). The server
 * decides which rules apply to this page and arms them (`invite_arm`); this module only runs
 * what a server cannot see: time on the page, or leave intent (the pointer leaving the window
 * at the top, on desktop). When one goes off it sends `invite_fire` once; the server checks
 * everything again and, if it still holds, sends the ordinary invitation. It lives in the
 * loader's main chunk (before any interaction), so it is kept tiny.
 */
export function inviteTriggers(send: (f: object) => void): (frame: { type: string }) => void {
  const armed = new Map<number, () => void>();
  const stop = (id: number) => {
    armed.get(id)?.();
    armed.delete(id);
  };
  return (frame) => {
    const f = frame as { type: string; ruleId?: number; trigger?: string; delaySeconds?: number };
    if (f.type === "invite_disarm") return f.ruleId == null ? armed.forEach((_, id) => stop(id)) : stop(f.ruleId);
    if (f.type !== "invite_arm" || typeof f.ruleId !== "number") return;
    const id = f.ruleId;
    stop(id);
    const fire = () => {
      stop(id);
      send({ type: "invite_fire", ruleId: id });
    };
    if (f.trigger === "leave") {
      // Desktop only: a fine pointer that hovers. Touch screens have no pointer to leave with.
      if (!matchMedia("(hover:hover) and (pointer:fine)").matches) return;
      const out = (e: MouseEvent) => {
        if (!e.relatedTarget && e.clientY <= 0) fire();
      };
      document.addEventListener("mouseout", out);
      armed.set(id, () => document.removeEventListener("mouseout", out));
    } else {
      const timer = setTimeout(fire, Math.max(0, Number(f.delaySeconds) || 0) * 1000);
      armed.set(id, () => clearTimeout(timer));
    }
  };
}
