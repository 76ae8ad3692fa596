/** The LiteLLM-format config the bench gives Switchyard: one model alias on the fake upstream. */
import { MASTER_KEY, UPSTREAM_KEY } from './bench-request.ts';

/** config.yaml text routing `bench-model` to the fake upstream at `upstreamOrigin`. */
export function switchyardConfigYaml(upstreamOrigin: string): string {
  return `model_list:
  - model_name: bench-model
    litellm_params:
      model: openai/gpt-4o
      api_base: ${upstreamOrigin}/v1
      api_key: ${UPSTREAM_KEY}
general_settings:
  master_key: ${MASTER_KEY}
`;
}
