import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsupportedOllamaParams } from './ollama-params.ts';

describe('parameters Ollama cannot take', () => {
  const table: { name: string; call: 'chat' | 'completion' | 'embedding'; flavor: 'chat' | 'generate'; body: Record<string, unknown>; refused: string[] }[] = [
    { name: 'harmless defaults pass', call: 'chat', flavor: 'chat', body: { n: 1, logprobs: false, tool_choice: 'auto', parallel_tool_calls: true }, refused: [] },
    { name: 'n > 1, logit_bias, logprobs', call: 'chat', flavor: 'chat', body: { n: 2, logit_bias: {}, logprobs: true, top_logprobs: 2 }, refused: ['n', 'logit_bias', 'logprobs', 'top_logprobs'] },
    { name: 'forced tool choice', call: 'chat', flavor: 'chat', body: { tool_choice: 'required' }, refused: ['tool_choice'] },
    { name: 'tools on ollama/ (generate)', call: 'chat', flavor: 'generate', body: { tools: [{}] }, refused: ['tools'] },
    { name: 'tools on ollama_chat/', call: 'chat', flavor: 'chat', body: { tools: [{}] }, refused: [] },
    { name: 'completion best_of and echo', call: 'completion', flavor: 'generate', body: { best_of: 2, echo: true }, refused: ['best_of', 'echo'] },
    { name: 'embedding user', call: 'embedding', flavor: 'chat', body: { user: 'u' }, refused: ['user'] },
  ];
  for (const c of table) it(c.name, () => assert.deepEqual(unsupportedOllamaParams(c.call, c.body, c.flavor), c.refused));
});
