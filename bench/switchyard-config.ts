/** The LiteLLM-format config the bench gives Switchyard: one model alias on the fake upstream. */
import { MASTER_KEY, UPSTREAM_KEY } from './bench-request.ts';

/** The response cache of a cache target: in memory, or in Redis at `redisUrl`. */
export type BenchCache = { type: 'local' } | { type: 'redis'; redisUrl: string; namespace: string };

/** config.yaml text routing `bench-model` to the fake upstream at `upstreamOrigin` (with the response cache when given). */
export function switchyardConfigYaml(upstreamOrigin: string, cache?: BenchCache): string {
  const cacheSettings = cache === undefined
    ? ''
    : `litellm_settings:
  cache: true
  cache_params:
    type: ${cache.type}
${cache.type === 'redis' ? `    url: ${cache.redisUrl}
    namespace: ${cache.namespace}
    ttl: 300
` : ''}`;
  return `${cacheSettings}model_list:
  - model_name: bench-model
    litellm_params:
      model: openai/gpt-4o
      api_base: ${upstreamOrigin}/v1
      api_key: ${UPSTREAM_KEY}
general_settings:
  master_key: ${MASTER_KEY}
`;
}
