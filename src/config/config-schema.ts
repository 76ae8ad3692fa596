/**
 * The config.yaml schema (LiteLLM's format), as TypeBox types compiled once. It checks the
 * settings Switchyard reads and the well-known ones whose type is clear; every mapping stays
 * open, so settings it does not know pass through untouched. Numeric settings accept numbers
 * or numeric strings (LiteLLM accepts `timeout: "600"`) and booleans accept `true`/`false` in
 * any case, also as strings (`store_model_in_db: "True"`); decoding turns both into numbers
 * and booleans. Each union carries an `expected` description used in error messages.
 */
import Type from 'typebox';
import { Compile } from 'typebox/compile';

const NUMBER_TEXT = '^\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*$';
const BOOLEAN_TEXT = '^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\\s*$';

/** A number, or a string holding one; decodes to a number. */
export const NumberLike = Type.Decode(
  Type.Union([Type.Number(), Type.String({ pattern: NUMBER_TEXT })], { expected: 'a number' }),
  (value): number => (typeof value === 'string' ? Number(value) : value),
);

/** A boolean, or the string `true`/`false` in any case; decodes to a boolean. */
export const BooleanLike = Type.Decode(
  Type.Union([Type.Boolean(), Type.String({ pattern: BOOLEAN_TEXT })], { expected: 'true or false' }),
  (value): boolean => (typeof value === 'string' ? value.trim().toLowerCase() === 'true' : value),
);

const OptionalNumber = Type.Optional(NumberLike);
const OptionalBoolean = Type.Optional(BooleanLike);
const OptionalString = Type.Optional(Type.String());
const StringList = Type.Array(Type.String());

/**
 * Price overrides (`input_cost_per_token`, `output_cost_per_second`, …, and the two cache
 * token costs) are numbers. `search_context_cost_per_query` is a mapping in LiteLLM, so it is
 * left out.
 */
const COST_KEY = '^(?!search_context_cost_per_query$).*_cost_per_|^cache_(read|creation)_input_token_cost$';
const CostOverrides = Type.Record(Type.String({ pattern: COST_KEY }), NumberLike);

function openObject<Properties extends Type.TProperties>(properties: Properties): Type.TObject<Properties> {
  return Type.Object(properties, { additionalProperties: true });
}

/** `litellm_params`: what a deployment calls. Unknown keys are passed on to the provider. */
export const LitellmParamsSchema = Type.Intersect([
  openObject({
    model: Type.String({ minLength: 1 }),
    api_key: OptionalString,
    api_base: OptionalString,
    api_version: OptionalString,
    organization: OptionalString,
    region_name: OptionalString,
    timeout: OptionalNumber,
    stream_timeout: OptionalNumber,
    max_retries: OptionalNumber,
    num_retries: OptionalNumber,
    rpm: OptionalNumber,
    tpm: OptionalNumber,
    weight: OptionalNumber,
    order: OptionalNumber,
    max_parallel_requests: OptionalNumber,
    cooldown_time: OptionalNumber,
    drop_params: OptionalBoolean,
    additional_drop_params: Type.Optional(StringList),
    tags: Type.Optional(StringList),
    mock_response: Type.Optional(Type.Unknown()),
  }),
  CostOverrides,
]);

/** `model_info`: facts about a deployment. */
export const ModelInfoSchema = Type.Intersect([
  openObject({
    id: Type.Optional(Type.String({ minLength: 1 })),
    mode: OptionalString,
    base_model: OptionalString,
    max_tokens: OptionalNumber,
    max_input_tokens: OptionalNumber,
    max_output_tokens: OptionalNumber,
  }),
  CostOverrides,
]);

/** One `model_list` entry: a deployment of the group `model_name` (wildcards allowed). */
export const ModelEntrySchema = openObject({
  model_name: Type.String({ minLength: 1 }),
  litellm_params: LitellmParamsSchema,
  model_info: Type.Optional(ModelInfoSchema),
});

/** `litellm_settings`: LiteLLM's module-level settings. */
export const LitellmSettingsSchema = openObject({
  drop_params: OptionalBoolean,
  request_timeout: OptionalNumber,
  num_retries: OptionalNumber,
  set_verbose: OptionalBoolean,
  json_logs: OptionalBoolean,
  cache: OptionalBoolean,
  modify_params: OptionalBoolean,
  turn_off_message_logging: OptionalBoolean,
  redact_user_api_key_info: OptionalBoolean,
});

const ModelGroupAlias = Type.Union(
  [Type.String(), openObject({ model: Type.String(), hidden: OptionalBoolean })],
  { expected: 'a model group name or {model, hidden}' },
);

/** `router_settings`: load balancing, retries, timeouts. */
export const RouterSettingsSchema = openObject({
  routing_strategy: OptionalString,
  num_retries: OptionalNumber,
  timeout: OptionalNumber,
  stream_timeout: OptionalNumber,
  cooldown_time: OptionalNumber,
  allowed_fails: OptionalNumber,
  retry_after: OptionalNumber,
  max_fallbacks: OptionalNumber,
  disable_cooldowns: OptionalBoolean,
  enable_pre_call_checks: OptionalBoolean,
  model_group_alias: Type.Optional(Type.Record(Type.String(), ModelGroupAlias)),
});

/** `general_settings`: the proxy's own settings. */
export const GeneralSettingsSchema = openObject({
  master_key: OptionalString,
  max_request_size_mb: OptionalNumber,
  max_response_size_mb: OptionalNumber,
  litellm_key_header_name: OptionalString,
  database_url: OptionalString,
  store_model_in_db: OptionalBoolean,
  disable_spend_logs: OptionalBoolean,
  allow_requests_on_db_unavailable: OptionalBoolean,
  background_health_checks: OptionalBoolean,
});

/**
 * The whole file after includes are merged, `os.environ/` references resolved and empty
 * settings dropped. `environment_variables` and `include` are checked by their own steps.
 */
export const ConfigSchema = openObject({
  model_list: Type.Optional(Type.Array(ModelEntrySchema)),
  litellm_settings: Type.Optional(LitellmSettingsSchema),
  router_settings: Type.Optional(RouterSettingsSchema),
  general_settings: Type.Optional(GeneralSettingsSchema),
});

/** The config as the schema decodes it (numbers and booleans coerced). */
export type DecodedConfig = Type.StaticDecode<typeof ConfigSchema>;

/** The compiled validator for `ConfigSchema` (compiled once, when this module loads). */
export const configValidator = Compile(ConfigSchema);
