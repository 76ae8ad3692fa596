import { createHash } from 'node:crypto';
import type { Attributes } from '@opentelemetry/api';
import { LangfuseOtelSpanAttributes as Langfuse, createObservationAttributes, createTraceAttributes } from '@langfuse/tracing';
import type { CallCompleteEvent } from '../server/call-events.ts';
import { callInput, callOutput, callTypeName, endUser, metadataString, modelParameters, requestTags, usageDetails } from './trace-call-fields.ts';

/** Metadata keys that steer the Langfuse mapping and are not copied into metadata. */
const MAPPING_KEYS = new Set([
  'trace_id', 'existing_trace_id', 'trace_name', 'generation_name', 'generation_id', 'tags', 'trace_user_id', 'session_id',
  'trace_metadata', 'mask_input', 'mask_output', 'debug_langfuse',
]);

/** LiteLLM's stand-in for masked content. */
const REDACTED = 'redacted-by-litellm';

/** One Langfuse generation (and its trace) as OTel span parts. */
export interface LangfuseGeneration {
  /** 32 hex: `metadata.existing_trace_id` / `trace_id` (hashed when not hex), else the call id. */
  readonly traceId: string;
  /** The generation's name (the span name). */
  readonly name: string;
  readonly attributes: Attributes;
  readonly failed: boolean;
}

/**
 * LiteLLM's Langfuse mapping of one call: trace name, user, session, tags and metadata;
 * the generation's model, parameters, input/output (unless `logMessages` is false), usage
 * incl. cache tokens, cost, completion start time; level ERROR with the message on failures.
 */
export function langfuseGeneration(event: CallCompleteEvent, options: { logMessages: boolean }): LangfuseGeneration {
  const defaultName = `litellm-${callTypeName(event.call)}`;
  const existingTrace = metadataString(event, 'existing_trace_id');
  const traceId = toTraceId(existingTrace ?? metadataString(event, 'trace_id') ?? event.requestId);
  const failed = event.status === 'failure';
  const logInput = options.logMessages && event.metadata?.['mask_input'] !== true;
  const logOutput = options.logMessages && event.metadata?.['mask_output'] !== true;
  const input = options.logMessages ? (logInput ? callInput(event) : REDACTED) : undefined;
  const output = options.logMessages ? (logOutput ? (failed ? undefined : callOutput(event)) : REDACTED) : undefined;
  const userMetadata = cleanMetadata(event.metadata);
  const cost = event.cost?.priced === true ? { total: event.cost.cost } : undefined;
  const observation = createObservationAttributes('generation', {
    model: event.deployment?.providerModel ?? event.modelGroup,
    modelParameters: stringValues(modelParameters(event)),
    ...(input === undefined ? {} : { input }),
    ...(output === undefined ? {} : { output }),
    ...(usageDetails(event) === undefined ? {} : { usageDetails: usageDetails(event) }),
    ...(cost === undefined ? {} : { costDetails: cost }),
    ...(event.completionStartAt === undefined ? {} : { completionStartTime: new Date(event.completionStartAt) }),
    ...(failed ? { level: 'ERROR' as const, statusMessage: event.errorMessage ?? event.errorKind ?? 'failed' } : { level: 'DEFAULT' as const }),
    metadata: { ...userMetadata, ...gatewayMetadata(event) },
  });
  // A call logged into an existing trace leaves that trace's fields as they are (as LiteLLM does).
  const trace: Attributes = existingTrace !== undefined ? {} : traceAttributes(event, { defaultName, input, output, userMetadata });
  return {
    traceId,
    name: metadataString(event, 'generation_name') ?? defaultName,
    attributes: { ...trace, ...observation },
    failed,
  };
}

function traceAttributes(event: CallCompleteEvent, parts: { defaultName: string; input: unknown; output: unknown; userMetadata: Record<string, unknown> }): Attributes {
  const user = metadataString(event, 'trace_user_id') ?? endUser(event);
  const session = metadataString(event, 'session_id');
  const tags = requestTags(event);
  const traceMetadata = event.metadata?.['trace_metadata'];
  const attributes: Attributes = {
    [Langfuse.TRACE_NAME]: metadataString(event, 'trace_name') ?? parts.defaultName,
    ...createTraceAttributes({ input: parts.input, output: parts.output }),
    ...(user === undefined ? {} : { [Langfuse.TRACE_USER_ID]: user }),
    ...(session === undefined ? {} : { [Langfuse.TRACE_SESSION_ID]: session }),
    ...(tags.length === 0 ? {} : { [Langfuse.TRACE_TAGS]: tags }),
  };
  const metadata = { ...parts.userMetadata, ...(typeof traceMetadata === 'object' && traceMetadata !== null ? traceMetadata : {}) };
  for (const [key, value] of Object.entries(metadata)) {
    attributes[`${Langfuse.TRACE_METADATA}.${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return attributes;
}

/** What the gateway knows about the call, as LiteLLM puts it in the generation's metadata. */
function gatewayMetadata(event: CallCompleteEvent): Record<string, unknown> {
  const caller = event.caller;
  const apiBase = event.deployment?.params.api_base;
  return {
    litellm_call_id: event.requestId,
    model_group: event.modelGroup,
    ...(event.deployment === undefined ? {} : { model_id: event.deployment.id, custom_llm_provider: event.deployment.provider }),
    ...(apiBase === undefined ? {} : { api_base: apiBase }),
    ...(caller?.hashedApiKey === undefined ? {} : { user_api_key_hash: caller.hashedApiKey }),
    ...(caller?.keyAlias === undefined ? {} : { user_api_key_alias: caller.keyAlias }),
    ...(caller?.team === undefined ? {} : { user_api_key_team_id: caller.team }),
    ...(caller?.user === undefined ? {} : { user_api_key_user_id: caller.user }),
    ...(event.errorKind === undefined ? {} : { error_kind: event.errorKind }),
    cache_hit: event.cacheHit === true,
  };
}

/** The caller's metadata without the keys that only steer the mapping. */
function cleanMetadata(metadata: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) if (!MAPPING_KEYS.has(key)) clean[key] = value;
  return clean;
}

/** Langfuse shows model parameters as strings (numbers and booleans printed, objects as JSON). */
function stringValues(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return out;
}

/** A W3C trace id: 32 lowercase hex as given (dashes of a UUID removed), else the SDK's SHA-256 seed mapping. */
export function toTraceId(seed: string): string {
  const compact = seed.replaceAll('-', '').toLowerCase();
  if (/^[0-9a-f]{32}$/.test(compact) && !/^0+$/.test(compact)) return compact;
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}
