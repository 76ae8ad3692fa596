import cluster from 'node:cluster';
import { formatConfigProblem } from '../config/format-config-problem.ts';
import { resolveRedisOptions } from '../config/redis-options.ts';
import { openStores } from './open-stores.ts';
import { openSharedState } from './open-shared-state.ts';
import { primaryRpc, workerRpc } from '../cluster/cluster-rpc.ts';
import { hostSharedState } from '../cluster/host-shared-state.ts';
import pino from 'pino';
import { loadConfig } from '../config/load-config.ts';
import type { SwitchyardConfig } from '../config/config-types.ts';
import { createApp } from '../server/create-app.ts';
import { SWITCHYARD_VERSION } from '../server/version.ts';
import { REDACT_PATHS, logLevel } from './log-level.ts';
import { serveClusterMetrics } from '../telemetry/cluster-metrics.ts';
import { watchConfig } from './config-watcher.ts';
import { connectResponseCacheStore } from '../cache/create-response-cache.ts';
import { LOCAL_CACHE_DEFAULTS, resolveCacheSettings } from '../cache/cache-settings.ts';
import { hostResponseCache, IpcResponseCacheStore } from '../cluster/ipc-response-cache-store.ts';

export interface ServeOptions {
  config: string | undefined;
  port: number;
  host: string;
  numWorkers: number;
  detailedDebug: boolean;
}

/** How long in-flight requests may take to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = Number(process.env['SWITCHYARD_SHUTDOWN_GRACE_SECONDS'] ?? '30') * 1000;

/**
 * Loads the config, starts the gateway and stops it gracefully on SIGTERM/SIGINT: stop
 * accepting, let in-flight requests (streams too) finish, then exit. With `--num_workers N`
 * the primary forks N workers that share the port.
 */
export async function serve(options: ServeOptions): Promise<void> {
  if (options.numWorkers > 1 && cluster.isPrimary) return runPrimary(options);
  const loaded = await readConfig(options.config);
  const { config } = loaded;
  const level = logLevel({ detailedDebug: options.detailedDebug, env: process.env });
  const logger = pino({ level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } });
  const { cooldowns, rateLimiter, keyChanges, budgetLedger } = await openSharedState({ redis: resolveRedisOptions(config, process.env), log: logger });
  const database = await openStores({ config, env: process.env, log: logger });
  const responseCacheStore = (await connectResponseCacheStore({ config, env: process.env, log: logger })) ?? workersCacheStore(config);
  const { app, warnings, beginShutdown, reload } = createApp({
    stores: keyChanges === undefined ? database.stores : { ...database.stores, keyChanges },
    ...(rateLimiter ? { rateLimiter } : {}),
    ...(budgetLedger ? { budgetLedger } : {}),
    ...(responseCacheStore ? { responseCacheStore } : {}),
    config,
    envMasterKey: process.env['LITELLM_MASTER_KEY'],
    loggerInstance: logger,
    ...(cooldowns ? { cooldowns } : {}),
  });
  if (cooldowns !== undefined) app.addHook('onClose', () => cooldowns.close());
  if (keyChanges !== undefined) app.addHook('onClose', () => keyChanges.close());
  for (const warning of warnings) app.log.warn(warning);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    beginShutdown();
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Keep-alive connections whose request finished must close too, or close() waits for them.
    setInterval(() => app.server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // The database closes after the app: its onClose hooks flush spend into it.
    app.close().then(() => database.close()).then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const reloadFromDisk = async (): Promise<readonly string[] | undefined> => {
    if (options.config === undefined || stopping) return undefined;
    try {
      const next = await loadConfig({ path: options.config });
      for (const problem of next.warnings) app.log.warn(`config reload: ${formatConfigProblem({ problem, mainFile: next.path })}`);
      const changes = reload(next.config);
      app.log.info({ applied: changes.live, models: next.config.model_list.length }, changes.live.length + changes.needRestart.length === 0 ? 'config reloaded: no changes' : 'config reloaded');
      if (changes.needRestart.length > 0) app.log.warn({ settings: changes.needRestart }, 'config reload: these settings take effect only after a restart');
      return next.files ?? [next.path];
    } catch (error) {
      app.log.error({ reason: error instanceof Error ? error.message : String(error) }, 'config reload rejected; still serving the previous config');
      return undefined;
    }
  };
  const watcher = options.config !== undefined && process.env['SWITCHYARD_WATCH_CONFIG'] !== 'false'
    ? watchConfig({ files: loaded.files, reload: reloadFromDisk, onError: (error) => app.log.warn({ err: String(error) }, 'config watch error') })
    : undefined;
  app.addHook('onClose', async () => watcher?.close());
  process.on('SIGHUP', () => {
    app.log.info('SIGHUP: reloading the config');
    if (watcher !== undefined) watcher.reloadNow();
    else void reloadFromDisk();
  });
  const address = await app.listen({ port: options.port, host: options.host });
  app.log.info({ version: SWITCHYARD_VERSION, models: config.model_list.length, worker: cluster.isWorker ? cluster.worker?.id : undefined }, `Switchyard listening on ${address}`);
}

async function readConfig(path: string | undefined): Promise<{ config: SwitchyardConfig; files: readonly string[] }> {
  if (path === undefined) {
    process.stderr.write('switchyard: no --config given (or CONFIG_FILE_PATH): starting with no models\n');
    return { config: { model_list: [], litellm_settings: {}, router_settings: {}, general_settings: {}, environment_variables: {} }, files: [] };
  }
  const loaded = await loadConfig({ path });
  for (const problem of loaded.warnings) process.stderr.write(`switchyard: ${formatConfigProblem({ problem, mainFile: loaded.path })}\n`);
  return { config: loaded.config, files: loaded.files ?? [loaded.path] };
}

/** In a `--num_workers` worker without a Redis cache: the primary's one local cache, shared by every worker. */
function workersCacheStore(config: SwitchyardConfig): IpcResponseCacheStore | undefined {
  const { settings } = resolveCacheSettings(config);
  if (!cluster.isWorker || settings === undefined) return undefined;
  return new IpcResponseCacheStore({ rpc: workerRpc(), maxItems: settings.maxItems, defaultTtlS: settings.ttlS ?? LOCAL_CACHE_DEFAULTS.ttlS });
}

function runPrimary(options: ServeOptions): void {
  process.stderr.write(
    `switchyard: starting ${options.numWorkers} workers on one port; they share limits, budgets and cooldowns through Redis when configured, else through this primary process.\n`,
  );
  // Without Redis, the workers' shared state lives here (see docs/workers.md).
  hostSharedState(primaryRpc());
  hostResponseCache(primaryRpc());
  // Workers with the prometheus callback ask the primary for the whole cluster's metrics.
  serveClusterMetrics();
  for (let i = 0; i < options.numWorkers; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      process.stderr.write(`switchyard: worker ${worker.id} exited (${code}); starting a new one\n`);
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Each worker reloads its own config; SIGHUP to the primary reaches them all.
  process.on('SIGHUP', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGHUP');
  });
}
