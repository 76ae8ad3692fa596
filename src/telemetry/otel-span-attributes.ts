import type { Attributes } from '@opentelemetry/api';
import type { CallCompleteEvent } from '../server/call-events.ts';
import type { CallType } from '../spec/provider.ts';

/** `gen_ai.operation.name` per call type (GenAI semantic conventions). */
const OPERATIONS: Readonly<Record<CallType, string>> = {
  chat: 'chat',
  completion: 'text_completion',
  embedding: 'embeddings',
  image_generation: 'image_generation',
};

/** Provider ids whose `gen_ai.provider.name` differs from Switchyard's provider id. */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  azure: 'azure.ai.openai',
  azure_ai: 'azure.ai.inference',
  bedrock: 'aws.bedrock',
  vertex_ai: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  mistral: 'mistral_ai',
  xai: 'x_ai',
};

/** Request body fields recorded as `gen_ai.request.*`. */
const REQUEST_FIELDS: readonly (readonly [string, string])[] = [
  ['temperature', 'gen_ai.request.temperature'],
  ['max_tokens', 'gen_ai.request.max_tokens'],
  ['max_completion_tokens', 'gen_ai.request.max_tokens'],
  ['top_p', 'gen_ai.request.top_p'],
  ['frequency_penalty', 'gen_ai.request.frequency_penalty'],
  ['presence_penalty', 'gen_ai.request.presence_penalty'],
  ['seed', 'gen_ai.request.seed'],
  ['n', 'gen_ai.request.choice.count'],
];

/** The span name of a call: `{gen_ai.operation.name} {gen_ai.request.model}`. */
export function otelSpanName(event: CallCompleteEvent): string {
  return `${OPERATIONS[event.call]} ${event.modelGroup}`;
}

/** A call's span attributes following the OpenTelemetry GenAI semantic conventions. */
export function otelSpanAttributes(event: CallCompleteEvent): Attributes {
  const provider = event.deployment === undefined ? undefined : (PROVIDER_NAMES[event.deployment.provider] ?? event.deployment.provider);
  const attributes: Attributes = {
    'gen_ai.operation.name': OPERATIONS[event.call],
    'gen_ai.request.model': event.modelGroup,
    'litellm.call_id': event.requestId,
    'litellm.model_group': event.modelGroup,
  };
  if (provider !== undefined) {
    attributes['gen_ai.provider.name'] = provider;
    attributes['gen_ai.system'] = provider;
  }
  if (event.deployment !== undefined) attributes['litellm.model_id'] = event.deployment.id;
  const body = event.request ?? {};
  for (const [field, key] of REQUEST_FIELDS) {
    const value = body[field];
    if (typeof value === 'number') attributes[key] = value;
  }
  const stop = body['stop'];
  if (typeof stop === 'string') attributes['gen_ai.request.stop_sequences'] = [stop];
  else if (Array.isArray(stop)) attributes['gen_ai.request.stop_sequences'] = stop.filter((s): s is string => typeof s === 'string');
  if (typeof body['stream'] === 'boolean') attributes['gen_ai.request.stream'] = body['stream'];
  Object.assign(attributes, responseAttributes(event));
  if (event.usage !== undefined) {
    attributes['gen_ai.usage.input_tokens'] = event.usage.prompt_tokens;
    attributes['gen_ai.usage.output_tokens'] = event.usage.completion_tokens;
    attributes['gen_ai.usage.total_tokens'] = event.usage.total_tokens;
  }
  if (event.cost?.priced === true) attributes['gen_ai.cost.total_cost'] = event.cost.cost;
  if (event.errorKind !== undefined) attributes['error.type'] = event.errorKind;
  if (event.caller?.hashedApiKey !== undefined) attributes['metadata.user_api_key_hash'] = event.caller.hashedApiKey;
  return attributes;
}

/** `gen_ai.response.*` from the answer body: id, model, finish reasons. */
function responseAttributes(event: CallCompleteEvent): Attributes {
  const response = event.response;
  const attributes: Attributes = {};
  const fallbackModel = event.deployment?.providerModel;
  if (typeof response !== 'object' || response === null) {
    if (fallbackModel !== undefined && event.status === 'success') attributes['gen_ai.response.model'] = fallbackModel;
    return attributes;
  }
  const { id, model, choices } = response as { id?: unknown; model?: unknown; choices?: unknown };
  if (typeof id === 'string') attributes['gen_ai.response.id'] = id;
  const responseModel = typeof model === 'string' ? model : fallbackModel;
  if (responseModel !== undefined) attributes['gen_ai.response.model'] = responseModel;
  if (Array.isArray(choices)) {
    const reasons = choices.map((choice: unknown) => (choice as { finish_reason?: unknown } | null)?.finish_reason).filter((r): r is string => typeof r === 'string');
    if (reasons.length > 0) attributes['gen_ai.response.finish_reasons'] = reasons;
  }
  return attributes;
}
