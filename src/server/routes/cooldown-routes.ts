import type { FastifyInstance } from 'fastify';
import type { Router } from '../../router/router.ts';
import type { ModelSet } from '../../models/model-catalog.ts';

/**
 * GET /router/cooldowns (a Switchyard addition; master key): the deployments cooling down as
 * this replica sees them — with Redis, the same on every replica. For operators, the UI and
 * tests; LiteLLM shows the same state only as the `litellm_deployment_cooled_down` metric.
 */
export function registerCooldownRoutes(app: FastifyInstance, deps: { router: Router; models: ModelSet }): void {
  app.get('/router/cooldowns', async () => {
    const now = Date.now();
    const cooldowns = deps.models.deployments.flatMap((d) => {
      const until = deps.router.cooldowns.coolingUntil(d.id);
      if (until <= now) return [];
      return [{ model_id: d.id, model_group: d.modelName, cooldown_until: new Date(until).toISOString(), seconds_remaining: Math.ceil((until - now) / 1000) }];
    });
    return { cooldowns };
  });
}
