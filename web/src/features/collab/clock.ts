/** Seconds left until a server deadline, corrected by the server/browser clock difference. */
export function secondsLeft(deadline: number, offsetMs: number): number {
  return Math.max(0, Math.ceil((deadline - (Date.now() + offsetMs)) / 1000));
}
/** The offset to add to the browser's clock to get the server's, from a frame's serverTime. */
export const offsetFrom = (serverTime: unknown) => (typeof serverTime === "number" ? serverTime - Date.now() : 0);

export const fire = (el: HTMLElement, type: string, detail: object) => el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
