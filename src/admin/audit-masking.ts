import { visitorMask, type MaskPermissions } from "../platform/masking.ts";

/**
 * The audit log as a reader without visitor.full_ip / visitor.contact sees it (X8): the stored
 * entries stay complete (the hash chain covers them), only what is shown about a visitor is
 * masked — e.g. the visitor's IP recorded with a block. The actor's own address (an agent's) and
 * IP ranges an administrator blocked are configuration, not visitor data, and stay as recorded.
 * Audit exports (issue 5/7) must pass their rows through here as well.
 */
export function maskAuditRows<T extends { target_type: string; detail: string }>(rows: T[], permissions: MaskPermissions): T[] {
  const mask = visitorMask(permissions);
  return rows.map((r) => {
    // A deleted leave message's audit entry keeps the visitor's contact details (H2).
    if ((r.target_type !== "visitor" && r.target_type !== "leave_message") || !r.detail) return r;
    let detail: unknown;
    try {
      detail = JSON.parse(r.detail);
    } catch {
      return r;
    }
    const masked = mask(detail);
    return masked === detail ? r : { ...r, detail: JSON.stringify(masked) };
  });
}
