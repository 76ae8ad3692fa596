import { Type } from 'typebox';

/**
 * JSON schemas for the LLM request bodies, checked by Fastify (ajv, compiled once) before a
 * handler runs: wrong types answer 400 naming the field. Objects stay open
 * (`additionalProperties` allowed) so newer OpenAI fields and provider extras pass through.
 */

const Num = Type.Number();
const Int = Type.Integer();
const Str = Type.String();
const Open = { additionalProperties: true } as const;

const ContentPart = Type.Object({ type: Str }, Open);

const ToolCall = Type.Object(
  {
    id: Type.Optional(Str),
    type: Type.Optional(Str),
    function: Type.Object({ name: Type.Optional(Str), arguments: Type.Optional(Str) }, Open),
  },
  Open,
);

const Message = Type.Object(
  {
    role: Type.String({ enum: ['system', 'developer', 'user', 'assistant', 'tool', 'function'] }),
    content: Type.Optional(Type.Union([Str, Type.Array(ContentPart), Type.Null()])),
    name: Type.Optional(Str),
    tool_calls: Type.Optional(Type.Array(ToolCall)),
    tool_call_id: Type.Optional(Str),
  },
  Open,
);

const Tool = Type.Object(
  { type: Str, function: Type.Optional(Type.Object({ name: Str, description: Type.Optional(Str), parameters: Type.Optional(Type.Object({}, Open)) }, Open)) },
  Open,
);

const StringOrList = Type.Union([Str, Type.Array(Str)]);

/** Fields every LLM route shares, including LiteLLM's request-level controls. */
const Common = {
  model: Type.Optional(Type.String({ minLength: 1 })),
  user: Type.Optional(Str),
  metadata: Type.Optional(Type.Object({}, Open)),
  timeout: Type.Optional(Num),
  drop_params: Type.Optional(Type.Boolean()),
  allowed_openai_params: Type.Optional(Type.Array(Str)),
  additional_drop_params: Type.Optional(Type.Array(Str)),
};

const Sampling = {
  stream: Type.Optional(Type.Boolean()),
  stream_options: Type.Optional(Type.Object({ include_usage: Type.Optional(Type.Boolean()) }, Open)),
  temperature: Type.Optional(Num),
  top_p: Type.Optional(Num),
  n: Type.Optional(Type.Integer({ minimum: 1 })),
  stop: Type.Optional(Type.Union([StringOrList, Type.Null()])),
  max_tokens: Type.Optional(Type.Union([Int, Type.Null()])),
  presence_penalty: Type.Optional(Num),
  frequency_penalty: Type.Optional(Num),
  logit_bias: Type.Optional(Type.Record(Str, Num)),
  seed: Type.Optional(Int),
};

export const ChatBody = Type.Object(
  {
    ...Common,
    ...Sampling,
    messages: Type.Array(Message, { minItems: 1 }),
    max_completion_tokens: Type.Optional(Type.Union([Int, Type.Null()])),
    logprobs: Type.Optional(Type.Boolean()),
    top_logprobs: Type.Optional(Int),
    tools: Type.Optional(Type.Array(Tool)),
    tool_choice: Type.Optional(Type.Union([Str, Type.Object({ type: Str }, Open)])),
    parallel_tool_calls: Type.Optional(Type.Boolean()),
    response_format: Type.Optional(Type.Object({ type: Str }, Open)),
    reasoning_effort: Type.Optional(Str),
  },
  Open,
);

export const CompletionBody = Type.Object(
  {
    ...Common,
    ...Sampling,
    prompt: Type.Union([Str, Type.Array(Str), Type.Array(Int), Type.Array(Type.Array(Int))]),
    echo: Type.Optional(Type.Boolean()),
    logprobs: Type.Optional(Type.Union([Int, Type.Null()])),
    best_of: Type.Optional(Int),
    suffix: Type.Optional(Type.Union([Str, Type.Null()])),
  },
  Open,
);

export const EmbeddingBody = Type.Object(
  {
    ...Common,
    input: Type.Union([Str, Type.Array(Str), Type.Array(Int), Type.Array(Type.Array(Int))]),
    encoding_format: Type.Optional(Type.String({ enum: ['float', 'base64'] })),
    dimensions: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  Open,
);

export const ImageBody = Type.Object(
  {
    ...Common,
    prompt: Str,
    n: Type.Optional(Type.Integer({ minimum: 1 })),
    size: Type.Optional(Str),
    quality: Type.Optional(Str),
    style: Type.Optional(Str),
    response_format: Type.Optional(Type.String({ enum: ['url', 'b64_json'] })),
  },
  Open,
);
