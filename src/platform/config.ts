import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import DEFAULT_TOML from "../../config/yingke.toml" with { type: "text" };
import { ConfigError } from "./errors.ts";
import { parseCidr } from "./ip.ts";

/**
 * Configuration is layered: embedded defaults (config/yingke.toml) < TOML file < YINGKE_* env <
 * flags. Every key is declared once in SCHEMA; anything undeclared or out of range stops
 * start-up with the key's name and what it expects, because a silently ignored typo in a
 * security setting is worse than a refused start.
 */
type Kind = "string" | "int" | "bool" | "string[]";
interface KeySpec {
  kind: Kind;
  expect: string;
  check?: (v: any) => boolean;
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];
// Kept in step with src/files/sniff.ts KINDS (src/files/sniff.test.ts checks it).
export const FILE_TYPES = ["jpg", "jpeg", "png", "gif", "webp", "bmp", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "zip", "rar", "7z", "svg"];
const SCHEMA: Record<string, Record<string, KeySpec>> = {
  server: {
    host: { kind: "string", expect: "an IP address or host name", check: (v) => v.length > 0 },
    port: { kind: "int", expect: "an integer from 0 to 65535", check: (v) => v >= 0 && v <= 65535 },
    trusted_proxies: { kind: "string[]", expect: "a list of IP addresses or CIDR ranges", check: (l: string[]) => l.every((s) => parseCidr(s) !== null) },
    shutdown_timeout_seconds: { kind: "int", expect: "an integer from 1 to 60", check: (v) => v >= 1 && v <= 60 },
    external_https: { kind: "bool", expect: "true or false" },
  },
  data: { dir: { kind: "string", expect: "a folder path", check: (v) => v.length > 0 } },
  tls: {
    cert: { kind: "string", expect: "a PEM file path or \"\"" },
    key: { kind: "string", expect: "a PEM file path or \"\"" },
  },
  log: {
    level: { kind: "string", expect: `one of ${LEVELS.join(", ")}`, check: (v) => LEVELS.includes(v) },
    pretty: { kind: "bool", expect: "true or false" },
  },
  store: {
    group_commit_window_ms: { kind: "int", expect: "an integer from 0 to 50", check: (v) => v >= 0 && v <= 50 },
    busy_timeout_ms: { kind: "int", expect: "an integer from 100 to 60000", check: (v) => v >= 100 && v <= 60000 },
  },
  visitors: {
    gone_grace_seconds: { kind: "int", expect: "an integer from 1 to 600", check: (v) => v >= 1 && v <= 600 },
    visit_gap_minutes: { kind: "int", expect: "an integer from 1 to 1440", check: (v) => v >= 1 && v <= 1440 },
  },
  chat: {
    keep_minutes: { kind: "int", expect: "an integer from 1 to 1440", check: (v) => v >= 1 && v <= 1440 },
    transfer_timeout_seconds: { kind: "int", expect: "an integer from 10 to 600", check: (v) => v >= 10 && v <= 600 },
  },
  files: {
    max_bytes: { kind: "int", expect: "an integer from 1024 to 104857600", check: (v) => v >= 1024 && v <= 104857600 },
    allowed_types: { kind: "string[]", expect: `a list of extensions from: ${FILE_TYPES.join(", ")}`, check: (l: string[]) => l.length > 0 && l.every((x) => FILE_TYPES.includes(x)) },
  },
  audit: { retention_days: { kind: "int", expect: "an integer of at least 184", check: (v) => v >= 184 && v <= 36500 } },
};

export interface Config {
  server: { host: string; port: number; trusted_proxies: string[]; shutdown_timeout_seconds: number; external_https: boolean };
  data: { dir: string };
  tls: { cert: string; key: string };
  log: { level: string; pretty: boolean };
  store: { group_commit_window_ms: number; busy_timeout_ms: number };
  visitors: { gone_grace_seconds: number; visit_gap_minutes: number };
  chat: { keep_minutes: number; transfer_timeout_seconds: number };
  files: { max_bytes: number; allowed_types: string[] };
  audit: { retention_days: number };
}

export interface ConfigSources {
  file?: string; // path of a TOML file
  env?: Record<string, string | undefined>;
  flags?: Partial<{ port: string; host: string; data: string }>;
}

function typeOk(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case "string": return typeof v === "string";
    case "int": return typeof v === "number" && Number.isInteger(v);
    case "bool": return typeof v === "boolean";
    case "string[]": return Array.isArray(v) && v.every((s) => typeof s === "string");
  }
}

function fromText(kind: Kind, key: string, text: string): unknown {
  switch (kind) {
    case "string": return text;
    case "int": {
      if (!/^-?\d+$/.test(text.trim())) throw new ConfigError(`${key}: expected an integer, got "${text}"`);
      return Number(text);
    }
    case "bool": {
      if (!["true", "false", "1", "0"].includes(text)) throw new ConfigError(`${key}: expected true or false, got "${text}"`);
      return text === "true" || text === "1";
    }
    case "string[]": return text.split(",").map((s) => s.trim()).filter(Boolean);
  }
}

function overlay(target: Record<string, any>, layer: Record<string, unknown>, origin: string) {
  for (const [section, values] of Object.entries(layer)) {
    const spec = SCHEMA[section];
    if (!spec) throw new ConfigError(`${origin}: unknown section [${section}]; expected one of ${Object.keys(SCHEMA).join(", ")}`);
    if (typeof values !== "object" || values === null || Array.isArray(values)) throw new ConfigError(`${origin}: [${section}] must be a table`);
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      const ks = spec[key];
      if (!ks) throw new ConfigError(`${origin}: unknown key ${section}.${key}; expected one of ${Object.keys(spec).map((k) => `${section}.${k}`).join(", ")}`);
      if (!typeOk(ks.kind, value)) throw new ConfigError(`${origin}: ${section}.${key} must be ${ks.expect}`);
      target[section][key] = value;
    }
  }
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const config: Record<string, any> = {};
  for (const s of Object.keys(SCHEMA)) config[s] = {};
  overlay(config, Bun.TOML.parse(DEFAULT_TOML) as Record<string, unknown>, "embedded defaults");

  if (sources.file) {
    let text: string;
    try {
      text = readFileSync(sources.file, "utf8");
    } catch (e) {
      throw new ConfigError(`cannot read configuration file ${sources.file}: ${(e as Error).message}`);
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = Bun.TOML.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`${sources.file}: not valid TOML: ${(e as Error).message}`);
    }
    overlay(config, parsed, sources.file);
  }

  for (const [name, text] of Object.entries(sources.env ?? {})) {
    if (!name.startsWith("YINGKE_") || text === undefined || name === "YINGKE_CONFIG") continue;
    const rest = name.slice(7).toLowerCase();
    const section = Object.keys(SCHEMA).find((s) => rest.startsWith(s + "_"));
    const key = section ? rest.slice(section.length + 1) : undefined;
    if (!section || !key || !SCHEMA[section][key]) throw new ConfigError(`environment: unknown variable ${name}; expected YINGKE_<SECTION>_<KEY> for a key in config/yingke.toml`);
    config[section][key] = fromText(SCHEMA[section][key].kind, `${name} (${section}.${key})`, text);
  }

  const f = sources.flags ?? {};
  if (f.port !== undefined) config.server.port = fromText("int", "--port", f.port);
  if (f.host !== undefined) config.server.host = f.host;
  if (f.data !== undefined) config.data.dir = f.data;

  for (const [section, spec] of Object.entries(SCHEMA)) {
    for (const [key, ks] of Object.entries(spec)) {
      const v = config[section][key];
      if (!typeOk(ks.kind, v) || (ks.check && !ks.check(v))) {
        throw new ConfigError(`invalid value for ${section}.${key}: ${JSON.stringify(v)}; expected ${ks.expect}`);
      }
    }
  }
  if (Boolean(config.tls.cert) !== Boolean(config.tls.key)) throw new ConfigError("tls.cert and tls.key must be set together (or both left empty)");
  config.data.dir = resolve(config.data.dir);
  return config as Config;
}

export const defaultConfigText = DEFAULT_TOML;

/** Whether browsers reach us over HTTPS: our own TLS, or a TLS-terminating proxy in front. */
export const servesHttps = (c: Config) => Boolean(c.tls.cert) || c.server.external_https;
