import type { LitellmParams } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { OllamaControls, OllamaFormat, OllamaThink } from './ollama-api.ts';

/** Ollama's runtime option names (`options` in api/types.go: Options and Runner). */
export const OLLAMA_OPTION_NAMES: ReadonlySet<string> = new Set([
  'num_keep', 'seed', 'num_predict', 'top_k', 'top_p', 'min_p', 'typical_p', 'tfs_z', 'repeat_last_n', 'temperature',
  'repeat_penalty', 'presence_penalty', 'frequency_penalty', 'mirostat', 'mirostat_tau', 'mirostat_eta', 'penalize_newline',
  'stop', 'numa', 'num_ctx', 'num_batch', 'num_gpu', 'main_gpu', 'low_vram', 'vocab_only', 'use_mmap', 'use_mlock', 'num_thread',
]);

/** Ollama's own top-level request fields a caller (or litellm_params) may set directly. */
const OLLAMA_TOP_LEVEL: ReadonlySet<string> = new Set(['keep_alive', 'think', 'options', 'format']);

/** OpenAI sampling parameters with an Ollama option of the same name and meaning. */
const SAME_NAME_OPTIONS = ['temperature', 'top_p', 'seed', 'presence_penalty', 'frequency_penalty'] as const;

export interface ConvertToOllamaControlsInput {
  body: Readonly<Record<string, unknown>>;
  params: LitellmParams;
  /**
   * Body fields the caller converts itself or that unsupportedParams already refused; every
   * other field that is not an OpenAI parameter is passed to Ollama as an option (as LiteLLM does).
   */
  consumed: ReadonlySet<string>;
}

/**
 * The OpenAI parameters of a chat or completion request as Ollama controls:
 * max_tokens / max_completion_tokens → `options.num_predict`; temperature, top_p, seed,
 * presence_penalty, frequency_penalty, stop → `options`; response_format → `format`;
 * reasoning_effort → `think`. Ollama options (num_ctx, top_k, repeat_penalty, …),
 * `keep_alive`, `think` and an `options` object are taken from litellm_params, then from the
 * body, the body winning; a caller may also send Ollama's own `format`.
 */
export function convertToOllamaControls(input: ConvertToOllamaControlsInput): OllamaControls {
  const { body, params } = input;
  const options: Record<string, unknown> = {};
  for (const name of OLLAMA_OPTION_NAMES) if (params[name] !== undefined) options[name] = params[name];
  if (isRecord(params['options'])) Object.assign(options, params['options']);
  for (const [name, value] of Object.entries(body)) {
    if (value !== undefined && !input.consumed.has(name) && !OLLAMA_TOP_LEVEL.has(name)) options[name] = value;
  }
  if (isRecord(body['options'])) Object.assign(options, body['options']);
  Object.assign(options, openAIOptions(body));

  const controls: OllamaControls = { options };
  const format = ollamaFormat(body['response_format']) ?? nativeFormat(body['format']);
  if (format !== undefined) controls.format = format;
  const keepAlive = body['keep_alive'] ?? params['keep_alive'];
  if (typeof keepAlive === 'string' || typeof keepAlive === 'number') controls.keep_alive = keepAlive;
  const think = explicitThink(body['think']) ?? explicitThink(params['think']) ?? thinkFromEffort(body['reasoning_effort']);
  if (think !== undefined) controls.think = think;
  return controls;
}

/** The OpenAI parameters that become options, for the chat and completion requests alike. */
function openAIOptions(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const maxTokens = body['max_completion_tokens'] ?? body['max_tokens'];
  if (typeof maxTokens === 'number') out['num_predict'] = maxTokens;
  for (const name of SAME_NAME_OPTIONS) if (typeof body[name] === 'number') out[name] = body[name];
  const stop = body['stop'];
  if (typeof stop === 'string') out['stop'] = [stop];
  else if (Array.isArray(stop)) out['stop'] = stop;
  return out;
}

/** json_object → "json"; json_schema → its schema; text (or none) → no format. */
function ollamaFormat(responseFormat: unknown): OllamaFormat | undefined {
  if (!isRecord(responseFormat)) return undefined;
  switch (responseFormat['type']) {
    case 'json_object':
      return 'json';
    case 'json_schema': {
      const spec = responseFormat['json_schema'];
      const schema = isRecord(spec) ? spec['schema'] : undefined;
      if (isRecord(schema)) return schema;
      throw new GatewayError('bad_request', 'response_format json_schema needs json_schema.schema for Ollama', { param: 'response_format' });
    }
    default:
      return undefined;
  }
}

/** Ollama's own `format` sent as is by a caller who knows it ("json" or a schema). */
function nativeFormat(value: unknown): OllamaFormat | undefined {
  return value === 'json' || isRecord(value) ? value : undefined;
}

function explicitThink(value: unknown): OllamaThink | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'low' || value === 'medium' || value === 'high') return value;
  return undefined;
}

/** As LiteLLM: any reasoning_effort turns thinking on, except "none", which turns it off. */
function thinkFromEffort(effort: unknown): OllamaThink | undefined {
  if (typeof effort !== 'string') return undefined;
  return effort !== 'none';
}
