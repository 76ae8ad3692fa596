import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { ModelGroups } from '../../router/model-groups.ts';
import type { Router } from '../../router/router.ts';

/** LiteLLM reports this fixed `created` for every model. */
const MODEL_CREATED = 1677610602;

function modelObject(groups: ModelGroups, id: string): { id: string; object: 'model'; created: number; owned_by: string } {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: groups.firstDeployment(id)?.provider ?? 'openai' };
}

/**
 * GET /models and /models/{id} (with and without /v1): the aliases a caller may use, in
 * OpenAI's list shape. `?return_wildcard_routes=true` adds the wildcard patterns.
 */
export function registerModelRoutes(app: FastifyInstance, router: Router): void {
  for (const prefix of ['', '/v1']) {
    app.get(`${prefix}/models`, async (request) => {
      const { groups } = router;
      const query = request.query as { return_wildcard_routes?: string };
      const names = groups.publicNames({ includeWildcards: query.return_wildcard_routes === 'true' });
      return { object: 'list', data: names.map((id) => modelObject(groups, id)) };
    });
    app.get(`${prefix}/models/*`, async (request) => {
      const { groups } = router;
      const id = (request.params as { '*': string })['*'];
      if (!groups.publicNames().includes(id)) {
        throw new GatewayError('not_found', `The model \`${id}\` does not exist. Call \`/v1/models\` to view available models.`, { param: 'model' });
      }
      return modelObject(groups, id);
    });
  }
}
