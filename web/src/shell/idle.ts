/**
 * Auto-away (A2): after N minutes without pointer or keyboard activity in the console the agent
 * is set away; the next activity restores the previous status, but only when the away was set
 * here (an agent who chose "away" by hand stays away). N = 0 switches it off.
 */
export interface IdleDeps {
  minutes(): number;
  now(): number;
  status(): string;
  setStatus(status: string): void;
}

export class AutoAway {
  private last: number;
  private restoreTo: string | null = null;
  constructor(private deps: IdleDeps) {
    this.last = deps.now();
  }
  /** True while the current away was set automatically. */
  get active() {
    return this.restoreTo !== null;
  }
  activity() {
    this.last = this.deps.now();
    if (this.restoreTo !== null) {
      const to = this.restoreTo;
      this.restoreTo = null;
      if (this.deps.status() === "away") this.deps.setStatus(to);
    }
  }
  /** Called periodically. */
  tick() {
    const n = this.deps.minutes();
    if (n <= 0 || this.restoreTo !== null) return;
    const s = this.deps.status();
    if (s !== "online" && s !== "busy") return;
    if (this.deps.now() - this.last >= n * 60_000) {
      this.restoreTo = s;
      this.deps.setStatus("away");
    }
  }
  /** The agent picked a status by hand: nothing to restore any more. */
  manual() {
    this.restoreTo = null;
    this.last = this.deps.now();
  }
}
