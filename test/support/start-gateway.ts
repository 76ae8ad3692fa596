import OpenAI from 'openai';
import type { ModelEntry, SwitchyardConfig } from '../../src/config/config-types.ts';
import { createApp, type CreateAppOptions } from '../../src/server/create-app.ts';

export const MASTER_KEY = 'sk-test-master-1234';

export interface TestGateway {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The official openai SDK pointed at the gateway with the master key, no retries. */
  readonly client: OpenAI;
  /** POSTs raw text (or JSON) and returns status, headers and parsed body. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  close(): Promise<void>;
}

export interface StartGatewayOptions {
  models: ModelEntry[];
  litellm_settings?: SwitchyardConfig['litellm_settings'];
  router_settings?: SwitchyardConfig['router_settings'];
  general_settings?: SwitchyardConfig['general_settings'];
  /** Deployment picks (default Math.random); `() => 0` picks the first healthy deployment. */
  random?: () => number;
  /** How the router waits before a retry (default: really waits). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Shared cooldown state (default: in this process's memory). */
  cooldowns?: CreateAppOptions['cooldowns'];
  /** Database stores for the management API (default: none, "no DB connected"). */
  stores?: CreateAppOptions['stores'];
  /** Budget ledger (default: this process). */
  budgetLedger?: CreateAppOptions['budgetLedger'];
  /** Environment the app reads (STORE_MODEL_IN_DB, LITELLM_SALT_KEY, …; default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Seconds between reads of the stored model list. */
  modelSyncSeconds?: number;
  /** Response cache store (default: in memory when the config turns the cache on). */
  responseCacheStore?: CreateAppOptions['responseCacheStore'];
}

/** Starts the real gateway (Fastify, listening on a random loopback port) for one test file. */
export async function startGateway(options: StartGatewayOptions): Promise<TestGateway> {
  const { app } = createApp({
    config: {
      model_list: options.models,
      litellm_settings: options.litellm_settings ?? {},
      router_settings: options.router_settings ?? {},
      general_settings: { master_key: MASTER_KEY, ...options.general_settings },
      environment_variables: {},
    },
    ...(options.random ? { random: options.random } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.cooldowns ? { cooldowns: options.cooldowns } : {}),
    ...(options.stores ? { stores: options.stores } : {}),
    ...(options.budgetLedger ? { budgetLedger: options.budgetLedger } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.modelSyncSeconds === undefined ? {} : { modelSyncSeconds: options.modelSyncSeconds }),
    ...(options.responseCacheStore ? { responseCacheStore: options.responseCacheStore } : {}),
  });
  const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  return {
    url,
    client: new OpenAI({ baseURL: `${url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 }),
    async post(path, body, headers = {}) {
      const response = await fetch(url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // SSE or plain text: keep the text.
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    close: () => app.close(),
  };
}

/** The `error` object of an error body, asserting the shape every error must have. */
export function errorOf(body: unknown): { message: string; type: string; param: string | null; code: string } {
  if (typeof body !== 'object' || body === null || !('error' in body)) throw new Error(`not an error body: ${JSON.stringify(body)}`);
  const error = (body as { error: { message: string; type: string; param: string | null; code: string } }).error;
  for (const field of ['message', 'type', 'param', 'code'] as const) {
    if (!(field in error)) throw new Error(`error body lacks ${field}: ${JSON.stringify(body)}`);
  }
  return error;
}

/** Parses an SSE body into its `data:` payloads. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}
