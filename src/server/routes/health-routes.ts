import type { FastifyInstance } from 'fastify';
import { SWITCHYARD_VERSION } from '../version.ts';

/**
 * Probes for orchestrators, public like LiteLLM's: liveness says the process answers,
 * readiness says it is ready to serve (and, once they exist, reports database and cache).
 */
export function registerHealthRoutes(app: FastifyInstance, state: { shuttingDown: () => boolean }): void {
  for (const path of ['/health/liveliness', '/health/liveness']) {
    app.get(path, async () => "I'm alive!");
  }
  app.get('/health/readiness', async (_request, reply) => {
    if (state.shuttingDown()) return reply.code(503).send({ status: 'shutting down', litellm_version: SWITCHYARD_VERSION });
    return { status: 'healthy', db: 'Not connected', cache: null, litellm_version: SWITCHYARD_VERSION, success_callbacks: [] };
  });
}
