import './fastify-augment.ts';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { SwitchyardConfig } from '../config/config-types.ts';
import { MasterKey } from '../access/master-key.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { ModelCatalog } from '../models/model-catalog.ts';
import { ModelSecrets } from '../models/model-secrets.ts';
import { StoredModels } from '../models/stored-models.ts';
import { registerModelManagementRoutes, STORE_MODEL_IN_DB_OFF, type ModelManagementDeps } from '../management/model-management-routes.ts';
import { Router } from '../router/router.ts';
import { resolveRouterSettings } from '../router/router-settings.ts';
import type { CooldownStore } from '../router/cooldown-store.ts';
import { createAuthHook } from './auth-hook.ts';
import { configChanges, type ConfigChanges } from './config-changes.ts';
import { registerManagementRoutes, type ManagementStores } from '../management/management-routes.ts';
import { KeyCache } from '../access/key-cache.ts';
import { trackSpend } from '../accounting/track-spend.ts';
import { BudgetReservations } from '../accounting/budget-reservations.ts';
import type { ReservationLedger } from '../accounting/reservation-ledger.ts';
import type { OwnerCaches } from '../access/owner-checks.ts';
import { PrincipalCache } from '../access/principal-cache.ts';
import { BudgetResetJob } from '../accounting/budget-reset-job.ts';
import { ModelBudgets } from '../accounting/model-budgets.ts';
import { startSpendLogRetention } from '../accounting/spend-log-retention.ts';
import { KeyLimits } from '../limits/key-limits.ts';
import { MemoryRateLimiter } from '../limits/memory-rate-limiter.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import { handleError } from './error-handler.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { HealthChecker } from '../health/health-checker.ts';
import type { HealthScheduler } from '../health/health-scheduler.ts';
import { resolveHealthSettings } from '../health/health-settings.ts';
import { registerLlmRoutes } from './routes/llm-routes.ts';
import { registerCooldownRoutes } from './routes/cooldown-routes.ts';
import { registerModelRoutes } from './routes/model-routes.ts';
import { registerRouteList } from './routes/route-list.ts';
import { registerSpendCalculateRoute } from './routes/spend-calculate-route.ts';
import { SWITCHYARD_VERSION } from './version.ts';
import { createPrometheusTelemetry } from '../telemetry/prometheus-telemetry.ts';
import { registerTracingCallbacks } from '../telemetry/tracing-callbacks.ts';
import { createResponseCache } from '../cache/create-response-cache.ts';
import type { ResponseCacheStore } from '../cache/response-cache-store.ts';
import { registerCacheRoutes } from './routes/cache-routes.ts';
import { UiSessions } from '../access/ui-session.ts';
import { registerUiRoutes, UI_PUBLIC_ROUTES } from './routes/ui-routes.ts';

/** Default `general_settings.max_request_size_mb`: room for several base64 images. */
export const DEFAULT_MAX_REQUEST_SIZE_MB = 32;

export interface CreateAppOptions {
  config: SwitchyardConfig;
  /** Fastify logger options, or false for none. */
  logger?: FastifyServerOptions['logger'];
  /** A ready pino logger (wins over `logger`). */
  loggerInstance?: FastifyBaseLogger;
  /** `LITELLM_MASTER_KEY`; `general_settings.master_key` wins when both are set. */
  envMasterKey?: string | undefined;
  /** Injected randomness for deployment picks (tests). */
  random?: () => number;
  /** Shared cooldown state (Redis) for several replicas; in memory when absent. */
  cooldowns?: CooldownStore;
  /** How the router waits before a retry (tests inject an instant one). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Drives background health checks (tests inject one they run by hand; default: an unref'd timer). */
  healthScheduler?: HealthScheduler;
  /** The database's stores (keys, …); without them management routes answer "no DB connected". */
  stores?: ManagementStores;
  /** Where virtual keys' rpm/tpm/parallel counters live (default: this process's memory; Redis for replicas). */
  rateLimiter?: RateLimiter;
  /** Where budget spend and reservations are checked (default: this process; Redis for replicas). */
  budgetLedger?: ReservationLedger;
  /** Where `STORE_MODEL_IN_DB`, `LITELLM_SALT_KEY` and stored models' `os.environ/` references are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Seconds between reads of the stored model list (default 2). */
  modelSyncSeconds?: number;
  /** Where the response cache lives when `cache_params.type` is redis (default: this process's memory). */
  responseCacheStore?: ResponseCacheStore;
}

export interface SwitchyardApp {
  app: FastifyInstance;
  router: Router;
  /** Start-up warnings (unserved providers, …) for the CLI to print. */
  warnings: string[];
  /** Model health checks behind `GET /health` (background rounds start when the app is ready). */
  health: HealthChecker;
  /** Marks the app as draining: /health/readiness answers 503. */
  beginShutdown(): void;
  /**
   * Swaps in a reloaded (already validated) config: the model list and router settings apply
   * from the next request on, in one step; requests in flight finish on what they started with.
   * Returns what changed, split into applied and needing a restart.
   */
  reload(next: SwitchyardConfig): ConfigChanges;
}

/** Builds the gateway's HTTP app from a loaded config. Does not listen. */
export function createApp(options: CreateAppOptions): SwitchyardApp {
  const { config } = options;
  const maxMb = config.general_settings.max_request_size_mb ?? DEFAULT_MAX_REQUEST_SIZE_MB;
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: Math.floor(maxMb * 1024 * 1024),
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  const models = new ModelCatalog({ configModels: config.model_list, aliases: config.router_settings.model_group_alias });
  const warnings = [...models.warnings];
  const prometheus = createPrometheusTelemetry({ config, models, log: app.log });
  const router = new Router({
    ...(prometheus ? { events: prometheus.routerEvents } : {}),
    groups: models.groups,
    settings: resolveRouterSettings(config.router_settings, config.litellm_settings),
    ...(options.cooldowns ? { cooldowns: options.cooldowns } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  models.onChange(({ groups }) => router.replaceGroups(groups));
  let shuttingDown = false;

  // Every body is read as JSON whatever its content type: curl -d sends a form type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new GatewayError('invalid_json', `Invalid JSON in request body: ${(error as Error).message}`), undefined);
    }
  });

  const masterKeyValue = config.general_settings.master_key ?? options.envMasterKey;
  app.decorateRequest('startedAt', 0);
  const keyCache = options.stores === undefined ? undefined : new KeyCache({ lookup: options.stores.keys });
  const uiSessions = masterKeyValue === undefined || masterKeyValue === '' ? undefined : new UiSessions({ masterKey: masterKeyValue });
  const authenticate = createAuthHook({
    keys: keyCache,
    masterKey: masterKeyValue === undefined || masterKeyValue === '' ? undefined : new MasterKey(masterKeyValue),
    customHeader: config.general_settings.litellm_key_header_name,
    publicRoutes: [...(prometheus?.publicRoutes ?? []), ...UI_PUBLIC_ROUTES],
    sessions: uiSessions,
  });
  // One callback-style hook (no promise per request): start the clock, then authenticate.
  app.addHook('onRequest', (request, _reply, done) => {
    request.startedAt = performance.now();
    let pending: void | Promise<void>;
    try {
      pending = authenticate(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (pending === undefined) done();
    else pending.then(() => done(), (error: unknown) => done(error as Error));
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    throw new GatewayError('route_not_found', `Route not found: ${request.method} ${request.url.split('?')[0] ?? ''}`);
  });

  registerRouteList(app);
  registerUiRoutes(app, { masterKey: masterKeyValue, sessions: uiSessions, env: options.env ?? process.env, keys: keyCache });
  app.get('/', async () => ({ name: 'switchyard', version: SWITCHYARD_VERSION, docs: '/routes' }));
  const health = new HealthChecker({
    // Read at each check: the model list changes with stored models and config reloads.
    get deployments() { return models.deployments; },
    get groups() { return models.groups; },
    settings: resolveHealthSettings(config.general_settings),
    log: app.log,
    ...(options.healthScheduler ? { scheduler: options.healthScheduler } : {}),
  });
  app.addHook('onReady', async () => health.start());
  app.addHook('onClose', async () => health.stop());
  const callbackNames = [config.litellm_settings['callbacks'], config.litellm_settings['success_callback']].flatMap((v) => (Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : []));
  const { cache: responseCache, warnings: cacheWarnings } = createResponseCache({ config, store: options.responseCacheStore });
  warnings.push(...cacheWarnings);
  if (responseCache !== undefined) app.addHook('onClose', () => responseCache.store.close());
  registerCacheRoutes(app, responseCache);
  const readiness = { db: options.stores === undefined ? 'Not connected' : 'connected', cache: responseCache?.store.type ?? null, success_callbacks: [...new Set(callbackNames)] };
  registerHealthRoutes(app, { shuttingDown: () => shuttingDown, health, readiness: () => readiness });
  registerModelRoutes(app, router);
  const timeZone = validTimeZone(config.litellm_settings['timezone'], app.log);
  registerManagementRoutes(app, options.stores, keyCache, { timeZone });
  registerModelManagementRoutes(app, { catalog: models, storage: modelStorage({ options, catalog: models, masterKey: masterKeyValue, app }), env: options.env ?? process.env });
  const stores = options.stores;
  const owners: OwnerCaches | undefined = stores?.users !== undefined && stores.teams !== undefined
    ? {
      users: new PrincipalCache({ lookup: (id) => stores.users!.get(id) }),
      teams: new PrincipalCache({ lookup: (id) => stores.teams!.get(id) }),
      ...(stores.endUsers !== undefined && stores.budgets !== undefined
        ? { endUsers: new PrincipalCache({ lookup: (id) => stores.endUsers!.get(id) }), budgets: new PrincipalCache({ lookup: (id) => stores.budgets!.get(id) }) }
        : {}),
    }
    : undefined;
  const modelBudgets = options.stores?.spend === undefined ? undefined : new ModelBudgets(options.stores.spend);
  const storePrompts = config.general_settings['store_prompts_in_spend_logs'] === true && config.litellm_settings['turn_off_message_logging'] !== true;
  trackSpend({ app, stores: options.stores, keyCache, owners, modelBudgets, ownsDeploymentId: (id) => models.ownsId(id), storePrompts });
  if (options.stores?.spend !== undefined) {
    const spendStore = options.stores.spend;
    let stopRetention: (() => void) | undefined;
    app.addHook('onReady', async () => {
      const retention = startSpendLogRetention({ spend: spendStore, period: config.general_settings['maximum_spend_logs_retention_period'], interval: config.general_settings['maximum_spend_logs_retention_interval'], log: app.log });
      stopRetention = retention?.stop;
      await retention?.firstRun;
    });
    app.addHook('onClose', async () => stopRetention?.());
  }
  if (options.stores !== undefined) {
    const budgetResets = new BudgetResetJob({ keys: options.stores.keys, users: options.stores.users, teams: options.stores.teams, cache: keyCache, log: app.log, timeZone, onReset: async (token) => budgets?.reset(`key:${token}`) });
    app.addHook('onReady', async () => budgetResets.start());
    app.addHook('onClose', async () => budgetResets.stop());
  }
  registerSpendCalculateRoute(app, { router });
  const keyLimits = options.stores === undefined ? undefined : new KeyLimits(options.rateLimiter ?? new MemoryRateLimiter());
  if (keyLimits !== undefined) app.addHook('onClose', () => keyLimits.close());
  const budgets = options.stores === undefined
    ? undefined
    : new BudgetReservations({ allowUnpriced: config.litellm_settings['allow_unpriced_models_for_budgets'] === true, ...(options.budgetLedger ? { ledger: options.budgetLedger } : {}) });
  if (budgets !== undefined) app.addHook('onClose', () => budgets.close());
  registerLlmRoutes(app, { config, router, log: app.log, keyLimits, budgets, owners, modelBudgets, responseCache, ...(prometheus ? { routeEvents: prometheus.routeEvents } : {}) });
  prometheus?.register(app);
  if (prometheus !== undefined) {
    const stopListening = health.subscribe((results) => prometheus.healthListener(results));
    app.addHook('onClose', async () => stopListening());
  }
  registerTracingCallbacks(app, { config, ownsDeployment: (d) => models.owns(d), log: app.log });
  registerCooldownRoutes(app, { router, models });
  let current = config;
  const reload = (next: SwitchyardConfig): ConfigChanges => {
    const changes = configChanges(current, next);
    if (changes.live.includes('model_list') || changes.live.includes('router_settings.model_group_alias')) {
      models.replaceConfigModels(next.model_list, next.router_settings.model_group_alias);
    }
    router.reconfigure(resolveRouterSettings(next.router_settings, next.litellm_settings));
    current = next;
    return changes;
  };
  return { app, router, health, warnings, reload, beginShutdown: () => { shuttingDown = true; } };
}

/** `litellm_settings.timezone` if it is an IANA zone this runtime knows; else UTC, with a warning. */
function validTimeZone(value: unknown, log: FastifyBaseLogger): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    log.warn({ timezone: value }, 'litellm_settings.timezone is not a known time zone; budgets reset at UTC midnight');
    return undefined;
  }
}

/**
 * Models stored in the database, when `STORE_MODEL_IN_DB` / `general_settings.store_model_in_db`
 * is on, there is a database and a key to encrypt credentials with (`LITELLM_SALT_KEY`, else the
 * master key). The stored list is loaded before the app serves and then kept in step.
 */
function modelStorage(args: { options: CreateAppOptions; catalog: ModelCatalog; masterKey: string | undefined; app: FastifyInstance }): ModelManagementDeps['storage'] {
  const { options, app } = args;
  const env = options.env ?? process.env;
  const repo = options.stores?.models;
  if (repo === undefined) return { reason: new GatewayError('no_db_connection', 'No connected db. Stored models need a database: set DATABASE_URL, or run with the embedded store (the default for `switchyard`).') };
  const flag = env['STORE_MODEL_IN_DB'] ?? options.config.general_settings['store_model_in_db'];
  if (!(flag === true || (typeof flag === 'string' && flag.toLowerCase() === 'true'))) return { reason: new GatewayError('bad_request', STORE_MODEL_IN_DB_OFF) };
  const signingKey = env['LITELLM_SALT_KEY'] || args.masterKey;
  if (signingKey === undefined || signingKey === '') {
    app.log.warn('STORE_MODEL_IN_DB is on but there is no LITELLM_SALT_KEY or master key to encrypt stored credentials: stored models are off');
    return { reason: new GatewayError('bad_request', 'Storing models needs LITELLM_SALT_KEY (or a master key) to encrypt their credentials') };
  }
  const secrets = new ModelSecrets(signingKey);
  const sync = new StoredModels({ repo, secrets, catalog: args.catalog, log: app.log, env, ...(options.modelSyncSeconds === undefined ? {} : { intervalSeconds: options.modelSyncSeconds }) });
  app.addHook('onReady', async () => sync.start());
  app.addHook('onClose', async () => sync.stop());
  return { repo, secrets, sync };
}
