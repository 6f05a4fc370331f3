import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, chmodSync } from "node:fs";

/**
 * Encrypts secrets at rest (TOTP seeds) with AES-256-GCM under a key kept in the data folder,
 * not in the database: a leaked database file alone does not reveal anyone's second factor.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** HMAC-SHA256 under a key derived for `purpose`, so one purpose's tags never verify another's. */
  mac(purpose: string, data: string): string;
  verifyMac(purpose: string, data: string, tag: string): boolean;
}

export function loadOrCreateKey(path: string): Buffer {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key`);
    return key;
  }
  const key = randomBytes(32);
  writeFileSync(path, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  const derived = new Map<string, Buffer>();
  const macKey = (purpose: string) => {
    let k = derived.get(purpose);
    if (!k) derived.set(purpose, (k = createHmac("sha256", key).update(`yingke-mac:${purpose}`).digest()));
    return k;
  };
  const mac = (purpose: string, data: string) => createHmac("sha256", macKey(purpose)).update(data).digest("base64url");
  return {
    mac,
    verifyMac(purpose, data, tag) {
      const expected = Buffer.from(mac(purpose, data));
      const given = Buffer.from(String(tag));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(".");
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split(".");
      if (v !== "v1") throw new Error("unknown sealed format");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    },
  };
}
