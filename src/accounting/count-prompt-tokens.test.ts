import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countPromptTokens } from './count-prompt-tokens.ts';

describe('countPromptTokens', () => {
  test('chat: OpenAI framing of 3 tokens a message plus 3 for the reply', async () => {
    // "hi" is one o200k token.
    assert.equal(await countPromptTokens({ messages: [{ role: 'user', content: 'hi' }] }), 3 + 3 + 1);
    assert.equal(await countPromptTokens({ messages: [{ role: 'system', content: 'hi' }, { role: 'user', content: 'hi' }] }), 3 + 2 * (3 + 1));
  });

  test('content parts: the text parts are counted, images are not', async () => {
    const parts = await countPromptTokens({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] });
    assert.equal(parts, await countPromptTokens({ messages: [{ role: 'user', content: 'hi\n' }] }));
  });

  test('a longer prompt counts more, roughly four characters a token for English', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(100);
    const n = await countPromptTokens({ messages: [{ role: 'user', content: text }] });
    assert.ok(n > 900 && n < 1300, String(n));
  });

  test('tools and tool calls count', async () => {
    const base = { messages: [{ role: 'user', content: 'hi' }] };
    const withTools = { ...base, tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }] };
    assert.ok((await countPromptTokens(withTools)) > (await countPromptTokens(base)));
  });

  test('embedding input and completion prompt: strings and lists of strings', async () => {
    assert.equal(await countPromptTokens({ input: 'hi' }), 1);
    assert.equal(await countPromptTokens({ input: ['hi', 'hi'] }), await countPromptTokens({ input: 'hi\nhi' }));
    assert.equal(await countPromptTokens({ prompt: 'hi' }), 1);
    assert.equal(await countPromptTokens({}), 0);
  });
});
