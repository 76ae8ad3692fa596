import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHeaderList } from './callback-settings.ts';
import { toTraceId } from './langfuse-generation.ts';
import { readOtelSettings } from './otel-settings.ts';
import { StreamAnswer } from '../server/stream-answer.ts';

describe('tracing settings and helpers', () => {
  test('OTel endpoints: traces URL wins, base gets /v1/traces, LiteLLM names work, gRPC refused', () => {
    const cases: [Record<string, string>, string | RegExp][] = [
      [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' }, 'http://c:4318/custom'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }, 'http://c:4318/v1/traces'],
      [{ OTEL_ENDPOINT: 'http://c:4318/v1/traces' }, 'http://c:4318/v1/traces'],
      [{ OTEL_EXPORTER: 'otlp_grpc', OTEL_ENDPOINT: 'http://c:4317' }, /not otlp_grpc/],
      [{}, /not set/],
    ];
    for (const [env, expected] of cases) {
      const settings = readOtelSettings(env);
      if (expected instanceof RegExp) assert.match(String(settings), expected);
      else assert.equal(typeof settings === 'string' ? settings : settings.endpoint, expected);
    }
  });

  test('header lists are split and URL-decoded', () => {
    assert.deepEqual(parseHeaderList('a=1, Authorization=Basic%20x%3D%3D,bad,=v'), { a: '1', Authorization: 'Basic x==' });
  });

  test('trace ids: 32 hex and UUIDs kept, other seeds hashed like the SDK', () => {
    assert.equal(toTraceId('0AF7651916CD43DD8448EB211C80319C'), '0af7651916cd43dd8448eb211c80319c');
    assert.equal(toTraceId('123e4567-e89b-12d3-a456-426614174000'), '123e4567e89b12d3a456426614174000');
    assert.match(toTraceId('my-trace'), /^[0-9a-f]{32}$/);
    assert.notEqual(toTraceId('my-trace'), toTraceId('other-trace'));
  });

  test('a stream assembles text, tool calls, finish reason and usage', () => {
    const answer = new StreamAnswer();
    answer.add({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] } as never);
    answer.add({ choices: [{ index: 0, delta: { content: 'lo' } }] } as never);
    answer.add({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"a"' } }] } }] } as never);
    answer.add({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, finish_reason: 'tool_calls' }] } as never);
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    assert.deepEqual(answer.toResponse(usage)['choices'], [
      { index: 0, message: { role: 'assistant', content: 'Hello', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"a":1}' } }] }, finish_reason: 'tool_calls' },
    ]);
    assert.deepEqual(answer.toResponse(usage)['usage'], usage);
  });
});
