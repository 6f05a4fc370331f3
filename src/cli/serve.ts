import type { Config } from "../platform/config.ts";
import { createLogger } from "../platform/logger.ts";
import { systemClock } from "../platform/clock.ts";
import { VERSION } from "../platform/version.ts";
import { migrate } from "../store/migrate.ts";
import { checkpoint } from "../store/db.ts";
import { createServices } from "../services.ts";
import { createApp } from "../app.ts";
import { startServer, type ListenOptions } from "../http/server.ts";
import { startJobs } from "../jobs/index.ts";
import { claimPidFile, openStore } from "./data-folder.ts";
import { bootstrapAdmin } from "./bootstrap.ts";

/** Where and how to listen; with a certificate and key the server speaks HTTPS only. */
export function listenOptions(config: Config): ListenOptions {
  return {
    port: config.server.port,
    hostname: config.server.host,
    ...(config.tls.cert ? { tls: { cert: Bun.file(config.tls.cert), key: Bun.file(config.tls.key) } } : {}),
  };
}

/**
 * `yingke serve`: data folder → database → migrations → services → app → jobs → listen, and the
 * reverse on SIGTERM/SIGINT: stop accepting, close sockets with a reason, flush queued writes,
 * checkpoint the WAL and close the database, within the configured timeout.
 */
export async function serve(config: Config): Promise<void> {
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty });
  const { paths, db, secretBox } = openStore(config);
  const releasePid = claimPidFile(paths);
  const migrated = migrate(db, { backupDir: paths.backups });
  if (migrated.applied.length) logger.info({ applied: migrated.applied, backup: migrated.backup }, "database migrated");

  const services = createServices({ config, db, clock: systemClock, logger, secretBox });
  const passwordFile = await bootstrapAdmin(services, paths);
  if (passwordFile) {
    logger.warn({ file: passwordFile }, `first start: the one-time password of the "admin" account is in ${passwordFile} (readable only by this service user); sign in and change it, the file is then deleted`);
  }

  const app = createApp(services);
  const https = Boolean(config.tls.cert);
  const running = startServer(app, listenOptions(config));
  const port = running.port;
  logger.info({ version: VERSION, url: `${https ? "https" : "http"}://${config.server.host === "0.0.0.0" ? "localhost" : config.server.host}:${port}`, data: paths.dir }, "Yingke is listening");
  const stopJobs = startJobs(services);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      logger.error("shutdown timed out; exiting");
      process.exit(1);
    }, config.server.shutdown_timeout_seconds * 1000);
    try {
      await stopJobs();
      services.events.publish("server.stopping", { reason: "server shutting down" });
      await running.stop(true);
      await services.writer.flush();
      checkpoint(db);
      db.close();
      releasePid();
      logger.info("stopped");
      clearTimeout(deadline);
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
