/**
 * Proof that the fake speaks Google's protocols: the official `@google/genai` SDK drives it
 * in Gemini API mode (AI Studio, API key) and in `vertexai: true` mode (OAuth token from the
 * fake metadata server), whole and streamed, with function calls, embeddings, Imagen and
 * Google's errors.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApiError, GoogleGenAI, type FunctionDeclaration } from '@google/genai';
import { FAKE_GEMINI_DIMENSIONS, FAKE_GEMINI_PROMPT_TOKENS, FAKE_GEMINI_TEXT, FAKE_IMAGE_BASE64 } from './fake-gemini-answers.ts';
import { startFakeGcpMetadata, useFakeMetadataHost, type FakeGcpMetadata } from './fake-gcp-metadata.ts';
import { googleError, startFakeGemini, type FakeGemini } from './fake-gemini.ts';

const KEY = 'AIza-fake-gemini-key-0123456789';
const WEATHER: FunctionDeclaration = { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object' as never, properties: { location: { type: 'string' as never } }, required: ['location'] } };

describe('fake Gemini driven by @google/genai', () => {
  let fake: FakeGemini;
  let metadata: FakeGcpMetadata;
  let restoreEnv: () => void;
  let studio: GoogleGenAI;
  let vertex: GoogleGenAI;

  before(async () => {
    metadata = await startFakeGcpMetadata();
    restoreEnv = useFakeMetadataHost(metadata.host);
    fake = await startFakeGemini({ apiKey: KEY, accessTokens: () => metadata.tokens });
    studio = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: fake.url } });
    vertex = new GoogleGenAI({ vertexai: true, project: 'proj-1', location: 'europe-west4', httpOptions: { baseUrl: fake.url, apiVersion: 'v1' } });
  });
  after(async () => {
    restoreEnv();
    await fake.close();
    await metadata.close();
  });
  beforeEach(() => fake.reset());

  describe('Gemini API mode (AI Studio)', () => {
    it('generates content with the key in x-goog-api-key', async () => {
      const answer = await studio.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi', config: { systemInstruction: 'be brief', temperature: 0.2 } });
      assert.equal(answer.text, FAKE_GEMINI_TEXT);
      assert.equal(answer.usageMetadata?.promptTokenCount, FAKE_GEMINI_PROMPT_TOKENS);
      const request = fake.requests[0];
      assert.equal(request?.path, '/v1beta/models/gemini-2.5-flash:generateContent');
      assert.equal(request?.headers['x-goog-api-key'], KEY);
      assert.deepEqual((request?.body as { generationConfig?: unknown }).generationConfig, { temperature: 0.2 });
    });

    it('streams SSE events whose text adds up', async () => {
      const stream = await studio.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
      let text = '';
      let finish: string | undefined;
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        finish = chunk.candidates?.[0]?.finishReason ?? finish;
      }
      assert.equal(text, FAKE_GEMINI_TEXT);
      assert.equal(finish, 'STOP');
      assert.equal(fake.requests[0]?.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    });

    it('calls a declared function, and takes its response back', async () => {
      const tools = [{ functionDeclarations: [WEATHER] }];
      const answer = await studio.models.generateContent({ model: 'gemini-2.5-flash', contents: 'weather in Paris?', config: { tools } });
      const call = answer.functionCalls?.[0];
      assert.equal(call?.name, 'get_weather');
      assert.deepEqual(call?.args, { location: 'Paris' });
      const next = await studio.models.generateContent({
        model: 'gemini-2.5-flash',
        config: { tools },
        contents: [
          { role: 'user', parts: [{ text: 'weather in Paris?' }] },
          { role: 'model', parts: answer.candidates?.[0]?.content?.parts ?? [] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }] },
        ],
      });
      assert.equal(next.text, FAKE_GEMINI_TEXT);
    });

    it('embeds a batch with batchEmbedContents', async () => {
      const answer = await studio.models.embedContent({ model: 'gemini-embedding-001', contents: ['a', 'bb'], config: { outputDimensionality: 4 } });
      assert.equal(answer.embeddings?.length, 2);
      assert.equal(answer.embeddings?.[0]?.values?.length, 4);
      assert.equal(fake.requests[0]?.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
    });

    it('answers an invalid key with Google\'s 400 INVALID_ARGUMENT', async () => {
      const bad = new GoogleGenAI({ apiKey: 'wrong-key', httpOptions: { baseUrl: fake.url } });
      await assert.rejects(bad.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 400);
        assert.match(error.message, /API key not valid/);
        return true;
      });
    });

    it('rejects schema keywords Gemini does not know, as the real API does', async () => {
      const loose = { ...WEATHER, parameters: undefined, parametersJsonSchema: undefined };
      const body = { contents: [{ role: 'user', parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: [{ ...loose, parameters: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } }] }] };
      const response = await fetch(`${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': KEY }, body: JSON.stringify(body) });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, /additionalProperties/);
    });
  });

  describe('Vertex AI mode', () => {
    it('generates content on the project path with a metadata-server token', async () => {
      const answer = await vertex.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
      assert.equal(answer.text, FAKE_GEMINI_TEXT);
      const request = fake.requests[0];
      assert.equal(request?.path, '/v1/projects/proj-1/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent');
      assert.equal(request?.headers.authorization, `Bearer ${metadata.currentToken()}`);
    });

    it('streams', async () => {
      const stream = await vertex.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
      let text = '';
      for await (const chunk of stream) text += chunk.text ?? '';
      assert.equal(text, FAKE_GEMINI_TEXT);
    });

    it('embeds with :predict and reports token statistics', async () => {
      const answer = await vertex.models.embedContent({ model: 'text-embedding-005', contents: ['hello world', 'x'] });
      assert.equal(answer.embeddings?.length, 2);
      assert.equal(answer.embeddings?.[0]?.values?.length, FAKE_GEMINI_DIMENSIONS);
      assert.equal(answer.embeddings?.[0]?.statistics?.tokenCount, 2);
      assert.equal(fake.requests[0]?.path, '/v1/projects/proj-1/locations/europe-west4/publishers/google/models/text-embedding-005:predict');
      assert.deepEqual(fake.requests[0]?.body, { instances: [{ content: 'hello world' }, { content: 'x' }] });
    });

    it('generates images with Imagen :predict', async () => {
      const answer = await vertex.models.generateImages({ model: 'imagen-3.0-generate-002', prompt: 'a cat', config: { numberOfImages: 2, aspectRatio: '16:9' } });
      assert.equal(answer.generatedImages?.length, 2);
      assert.equal(answer.generatedImages?.[0]?.image?.imageBytes, FAKE_IMAGE_BASE64);
      const body = fake.requests[0]?.body as { instances: unknown; parameters: Record<string, unknown> };
      assert.deepEqual(body.instances, [{ prompt: 'a cat' }]);
      assert.equal(body.parameters['sampleCount'], 2);
      assert.equal(body.parameters['aspectRatio'], '16:9');
    });

    it('answers a faulted call with Google\'s error body', async () => {
      fake.failNext({ kind: 'status', error: googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded') });
      await assert.rejects(vertex.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 429);
        return true;
      });
    });
  });
});
