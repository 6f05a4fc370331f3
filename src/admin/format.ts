/**
 * Times on admin pages come from platform/local-time.ts (exports format times the same way).
 */
export { endOfLocalDate, formatTime, parseLocalDate } from "../platform/local-time.ts";
