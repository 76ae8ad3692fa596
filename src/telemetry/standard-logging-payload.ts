import type { CallCompleteEvent } from '../server/call-events.ts';
import { callInput, callTypeName, endUser, metadataString, modelParameters, requestTags } from './trace-call-fields.ts';

/** LiteLLM's stand-in for content left out of logs. */
const REDACTED = 'redacted-by-litellm';

/**
 * LiteLLM's StandardLoggingPayload (the `standard_logging_object` every callback gets) for
 * one call: ids, call type, status, tokens, cost, times in epoch seconds, model and
 * deployment, caller metadata, tags, messages and response (redacted when message logging
 * is off), error information on failures.
 */
export function standardLoggingPayload(event: CallCompleteEvent, options: { logMessages: boolean }): Record<string, unknown> {
  const startTime = (event.startedAt ?? Date.now() - event.latencyMs) / 1000;
  const endTime = (event.endedAt ?? Date.now()) / 1000;
  const completionStartTime = event.completionStartAt === undefined ? endTime : event.completionStartAt / 1000;
  const deployment = event.deployment;
  const apiBase = deployment?.params.api_base ?? null;
  const caller = event.caller;
  const failed = event.status === 'failure';
  const responseCost = event.cost?.cost ?? 0;
  return {
    id: event.requestId,
    trace_id: metadataString(event, 'trace_id') ?? event.requestId,
    call_type: callTypeName(event.call),
    stream: event.stream,
    response_cost: responseCost,
    response_cost_failure_debug_info: event.cost !== undefined && !event.cost.priced ? { error_message: `no price known (${event.cost.source})`, model: event.cost.pricedModel } : null,
    status: event.status,
    custom_llm_provider: deployment?.provider ?? null,
    total_tokens: event.usage?.total_tokens ?? 0,
    prompt_tokens: event.usage?.prompt_tokens ?? 0,
    completion_tokens: event.usage?.completion_tokens ?? 0,
    startTime,
    endTime,
    completionStartTime,
    response_time: event.stream && event.completionStartAt !== undefined ? completionStartTime - startTime : endTime - startTime,
    model_map_information: { model_map_key: event.cost?.pricedModel ?? deployment?.providerModel ?? event.modelGroup, model_map_value: null },
    model: deployment?.providerModel ?? event.modelGroup,
    model_id: deployment?.id ?? null,
    model_group: event.modelGroup,
    api_base: apiBase,
    metadata: {
      user_api_key_hash: caller?.hashedApiKey ?? null,
      user_api_key_alias: caller?.keyAlias ?? null,
      user_api_key_team_id: caller?.team ?? null,
      user_api_key_user_id: caller?.user ?? null,
      user_api_key_end_user_id: caller?.endUser ?? null,
      requester_metadata: event.metadata ?? {},
      spend_logs_metadata: event.metadata?.['spend_logs_metadata'] ?? null,
    },
    cache_hit: event.cacheHit === true,
    cache_key: event.cacheKey ?? null,
    saved_cache_cost: 0,
    request_tags: requestTags(event),
    end_user: endUser(event) ?? null,
    messages: options.logMessages ? (callInput(event) ?? null) : REDACTED,
    response: options.logMessages ? (failed ? null : (event.response ?? null)) : REDACTED,
    error_str: failed ? (event.errorMessage ?? null) : null,
    error_information: failed ? { error_code: event.errorKind ?? '', error_class: event.errorKind ?? '', llm_provider: deployment?.provider ?? '', error_message: event.errorMessage ?? '' } : null,
    model_parameters: modelParameters(event),
    hidden_params: { model_id: deployment?.id ?? null, api_base: apiBase, response_cost: responseCost, litellm_call_id: event.requestId },
  };
}
