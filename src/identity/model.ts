/**
 * Trusted member identity (V25): the per-site settings ("identity" section) and what agents see.
 * The signature format is in hmac.ts and docs/identity.md.
 */
export interface IdentitySettings {
  /** Off: claims are ignored and no visitor of the site counts as verified. */
  enabled: boolean;
  /** Only verified members may chat; others get the leave-message form (like "refuse chat"). */
  required: boolean;
}

export const IDENTITY_DEFAULTS: IdentitySettings = { enabled: true, required: false };

/** A verified visitor's member, as the console shows it ("已验证 / verified"). */
export interface MemberView {
  memberId: string;
  name: string;
  verifiedAt: number;
}
