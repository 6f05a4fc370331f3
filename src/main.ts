import { loadConfig, type ConfigSources } from "./platform/config.ts";
import { ConfigError } from "./platform/errors.ts";
import { VERSION } from "./platform/version.ts";
import { serve } from "./cli/serve.ts";
import { adminCommand, backupCommand, doctorCommand, migrateCommand, restoreCommand } from "./cli/commands.ts";

const HELP = `迎客 Yingke ${VERSION} — self-hosted live chat and customer service

Usage: yingke <command> [options]

Commands:
  serve                       run the server (the default command)
      --port N                TCP port (default 8080)
      --host ADDR             listen address (default 0.0.0.0)
      --data DIR              data folder (default ./data)
      --config FILE           TOML configuration file (default: embedded defaults)
  migrate                     apply pending database migrations (backup first) and exit
  backup FILE                 write a consistent copy of the database to FILE (safe while serving)
  restore FILE                replace the database with FILE (refused while a server uses the folder)
  admin create --username U --password P
                              create an administrator
  admin reset-password U      set a temporary password (printed here) that must be changed
  admin reset-totp U          remove U's two-step verification so they can enrol again
  doctor                      check the data folder, database integrity, configuration and audit chain
  version                     print the version
  help, --help                show this help

Every command accepts --data and --config. Configuration: config file < YINGKE_* environment < flags.
`;

const VALUE_FLAGS = new Set(["port", "host", "data", "config", "username", "password"]);

export function parseArgs(argv: string[]): { command: string; args: string[]; flags: Record<string, string> } {
  const args: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      flags.help = "1";
    } else if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2);
      if (!VALUE_FLAGS.has(name)) throw new ConfigError(`unknown option --${name}; see yingke --help`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new ConfigError(`--${name} needs a value`);
      flags[name] = value;
    } else {
      args.push(a);
    }
  }
  return { command: args.shift() ?? "serve", args, flags };
}

async function main(argv: string[]): Promise<number> {
  const { command, args, flags } = parseArgs(argv);
  if (flags.help || command === "help") {
    console.log(HELP);
    return 0;
  }
  if (command === "version") {
    console.log(VERSION);
    return 0;
  }
  const sources: ConfigSources = {
    file: flags.config ?? process.env.YINGKE_CONFIG,
    env: process.env,
    flags: { port: flags.port, host: flags.host, data: flags.data },
  };
  const config = loadConfig(sources);
  switch (command) {
    case "serve": await serve(config); return -1;
    case "migrate": migrateCommand(config); return 0;
    case "backup": if (!args[0]) throw new ConfigError("usage: yingke backup FILE"); backupCommand(config, args[0]); return 0;
    case "restore": if (!args[0]) throw new ConfigError("usage: yingke restore FILE"); restoreCommand(config, args[0]); return 0;
    case "admin": await adminCommand(config, args, flags); return 0;
    case "doctor": return (await doctorCommand(config)) ? 0 : 1;
    default: throw new ConfigError(`unknown command "${command}"; see yingke --help`);
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => { if (code >= 0) process.exit(code); },
    (err) => {
      const prefix = err instanceof ConfigError ? "configuration error" : "error";
      console.error(`yingke: ${prefix}: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(err instanceof ConfigError ? 2 : 1);
    },
  );
}
