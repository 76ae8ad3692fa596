import type { FastifyInstance } from 'fastify';
import type { HealthChecker } from '../../health/health-checker.ts';
import { SWITCHYARD_VERSION } from '../version.ts';

/** What the readiness probe reports about the stores (until a store plugs in: no database, no cache). */
export interface ReadinessState {
  /** `"connected"` or `"Not connected"`, as LiteLLM reports it. */
  db: string;
  /** `null` without a response cache, else its type (`"redis"`, `"local"`). */
  cache: string | null;
  /** Names of the success callbacks in force. */
  success_callbacks: string[];
}

/** What the health routes need from the app. */
export interface HealthRouteDeps {
  shuttingDown: () => boolean;
  /** Runs (or serves, in background mode) the model checks of `GET /health`. */
  health?: HealthChecker;
  /** The stores' state for `/health/readiness`; cheap, called on every probe. */
  readiness?: () => ReadinessState;
}

const NO_STORES: ReadinessState = { db: 'Not connected', cache: null, success_callbacks: [] };

/**
 * Probes for orchestrators, public like LiteLLM's: liveness says the process answers,
 * readiness says it is ready to serve and reports database and cache. `GET /health` (any
 * valid key) makes a small real call to every deployment, or serves the latest background round.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  for (const path of ['/health/liveliness', '/health/liveness']) {
    app.get(path, async () => "I'm alive!");
  }
  app.get('/health/readiness', async (_request, reply) => {
    if (deps.shuttingDown()) return reply.code(503).send({ status: 'shutting down', litellm_version: SWITCHYARD_VERSION });
    const stores = deps.readiness?.() ?? NO_STORES;
    return { status: 'healthy', db: stores.db, cache: stores.cache, litellm_version: SWITCHYARD_VERSION, success_callbacks: stores.success_callbacks };
  });
  const { health } = deps;
  if (health === undefined) return;
  app.get<{ Querystring: { model?: string; model_id?: string } }>('/health', async (request) => {
    const { model, model_id: modelId } = request.query;
    return health.report({ model: nonEmpty(model), modelId: nonEmpty(modelId) });
  });
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
