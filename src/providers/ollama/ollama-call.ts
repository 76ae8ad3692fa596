import type { CallContext } from '../../spec/provider.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import type { OllamaTurn } from './ollama-api.ts';
import { ollamaSecrets, postToOllama, type OllamaPath } from './ollama-endpoint.ts';
import { readOllamaStream } from './read-ollama-stream.ts';

export interface OllamaCallOptions<T> {
  path: OllamaPath;
  body: object;
  ctx: CallContext;
  providerName: string;
  /** Checks the answer (or each stream line) at the wire; undefined → 502. */
  parse: (value: unknown) => T | undefined;
}

/** One non-streamed call whose JSON answer must pass `parse`. */
export async function callOllamaJson<T>(options: OllamaCallOptions<T>): Promise<{ answer: T; headers: Readonly<Record<string, string>> }> {
  const response = await postToOllama({ ...options, stream: false });
  const answer = options.parse(await response.json());
  if (answer === undefined) throw invalidResponse(options.providerName, `unexpected ${options.path} answer shape`);
  return { answer, headers: response.headers };
}

/** One streamed call: resolves once Ollama answered 2xx; the lines are read as they are iterated. */
export async function callOllamaStream(options: OllamaCallOptions<OllamaTurn>): Promise<{ turns: AsyncGenerator<OllamaTurn>; headers: Readonly<Record<string, string>> }> {
  const response = await postToOllama({ ...options, stream: true });
  const turns = readOllamaStream({ response, parse: options.parse, providerName: options.providerName, secrets: ollamaSecrets(options.ctx.deployment) });
  return { turns, headers: response.headers };
}
