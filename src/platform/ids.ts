import { randomBytes, createHash } from "node:crypto";

/** URL-safe random token; 32 bytes gives 256 bits, enough for session and reset tokens. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** Short unguessable id for public-facing references (request ids, uploads). */
export const shortId = () => randomBytes(9).toString("base64url");
