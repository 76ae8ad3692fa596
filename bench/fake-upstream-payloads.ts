/**
 * Precomputed wire bytes for the fake OpenAI upstream, built once at start-up so that
 * answering a request costs no JSON serialisation.
 */

const created = 1_700_000_000;
const model = 'gpt-4o-2024-08-06';
const id = 'chatcmpl-bench0000000000000000000000';

/** The non-streaming `chat.completion` answer, as JSON bytes. */
export const completionBody: Buffer = Buffer.from(
  JSON.stringify({
    id,
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: 'fp_bench',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 8,
      completion_tokens: 9,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
  }),
);

/** Raw response headers for the non-streaming answer (flat name/value list for `writeHead`). */
export const completionHeaders: string[] = [
  'content-type', 'application/json',
  'content-length', String(completionBody.length),
  'openai-processing-ms', '1',
  'x-request-id', 'req_bench',
];

/** Raw response headers for the SSE answer; the body is sent chunked. */
export const streamHeaders: string[] = [
  'content-type', 'text/event-stream; charset=utf-8',
  'cache-control', 'no-cache',
  'openai-processing-ms', '1',
  'x-request-id', 'req_bench',
];

function sseEvent(delta: object, finishReason: string | null): string {
  const chunk = {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The first SSE event (assistant role), sent together with the response head. */
export const streamFirstEvent: Buffer = Buffer.from(sseEvent({ role: 'assistant', content: '', refusal: null }, null));

/** The remaining SSE events (content deltas, finish reason, `[DONE]`), sent as one write after a gap. */
export const streamRestEvents: Buffer = Buffer.from(
  sseEvent({ content: 'Hello!' }, null) +
    sseEvent({ content: ' How can I help you today?' }, null) +
    sseEvent({}, 'stop') +
    'data: [DONE]\n\n',
);
