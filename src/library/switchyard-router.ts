import type { LitellmSettings, ModelEntry, SwitchyardConfig } from '../config/config-types.ts';
import { parseConfigText } from '../config/load-config.ts';
import { buildDeployments } from '../router/build-deployments.ts';
import type { CooldownStore } from '../router/cooldown-store.ts';
import { ModelGroups } from '../router/model-groups.ts';
import { Router, type RouteResult } from '../router/router.ts';
import { resolveRouterSettings } from '../router/router-settings.ts';
import { chunkForClient } from '../server/chunk-for-client.ts';
import { planAttempt, type CallPlan } from '../server/plan-attempt.ts';
import { prepareRequest } from '../server/prepare-request.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../spec/chat.ts';
import type { EmbeddingRequest, EmbeddingResponse } from '../spec/embedding.ts';
import type { ImageGenerationRequest, ImageGenerationResponse } from '../spec/image.ts';
import type { CallType, ProviderLogger } from '../spec/provider.ts';

/**
 * Options of the in-process router, as `litellm.Router(...)` takes them: the `model_list`,
 * any `router_settings` key at the top level (`routing_strategy`, `num_retries`, `fallbacks`,
 * `cooldown_time`, …), and `litellm_settings` for the rest (`drop_params`, …). `os.environ/`
 * references are resolved, and everything is checked as a config.yaml would be.
 */
export interface SwitchyardRouterOptions {
  model_list: ModelEntry[];
  litellm_settings?: LitellmSettings;
  /** Cooldowns shared with other processes (e.g. a RedisCooldownStore); default: this process only. */
  cooldowns?: CooldownStore;
  /** Where the router's log lines go; default: nowhere. */
  log?: ProviderLogger;
  [routerSetting: string]: unknown;
}

/** Per-call options besides the body. */
export interface CallOptions {
  /** Cancels the call (and the upstream request). */
  signal?: AbortSignal;
  /** LiteLLM's control headers, e.g. `{ 'x-litellm-timeout': '5' }`. */
  headers?: Record<string, string>;
}

/** LiteLLM's per-request fields (`num_retries`, `fallbacks`, `mock_response`, `timeout`, …) on top of the OpenAI body. */
type WithControls<T> = T & Record<string, unknown>;

const SILENT: ProviderLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

interface Ready {
  config: SwitchyardConfig;
  groups: ModelGroups;
  router: Router;
}

/**
 * The router as a library, like `litellm.Router`: the same model groups, strategies,
 * retries, cooldowns and fallbacks as the gateway, called in-process.
 *
 * ```ts
 * const router = new Router({ model_list: [...], routing_strategy: 'least-busy', num_retries: 2 });
 * const answer = await router.completion({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
 * for await (const chunk of await router.completion({ model: 'gpt-4o', messages, stream: true })) …
 * ```
 * Failures are thrown as `GatewayError`s from the same catalogue the gateway answers with.
 */
export class SwitchyardRouter {
  readonly #ready: Promise<Ready>;
  readonly #log: ProviderLogger;

  constructor(options: SwitchyardRouterOptions) {
    const { model_list, litellm_settings, cooldowns, log, ...routerSettings } = options;
    this.#log = log ?? SILENT;
    this.#ready = SwitchyardRouter.#load({ model_list, litellm_settings: litellm_settings ?? {}, router_settings: routerSettings, cooldowns });
    // A bad model_list is reported by ready() and by every call; never as an unhandled rejection.
    this.#ready.catch(() => undefined);
  }

  /** Resolves once the options are checked; rejects with a ConfigError listing every problem. */
  async ready(): Promise<void> {
    await this.#ready;
  }

  /** The model groups a caller may name. */
  async modelNames(): Promise<string[]> {
    return (await this.#ready).groups.publicNames();
  }

  /** Chat completion; with `stream: true` an async iterable of chunks (the stream has started when it resolves). */
  completion(body: WithControls<ChatCompletionRequest> & { stream: true }, options?: CallOptions): Promise<AsyncIterable<ChatCompletionChunk>>;
  completion(body: WithControls<ChatCompletionRequest>, options?: CallOptions): Promise<ChatCompletion>;
  async completion(body: WithControls<ChatCompletionRequest>, options: CallOptions = {}): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
    if (body.stream === true) return this.#stream(body, options);
    return (await this.#once('chat', body, options, (plan, ctx) => plan.provider.chat!(plan.body as ChatCompletionRequest, ctx))) as ChatCompletion;
  }

  async embedding(body: WithControls<EmbeddingRequest>, options: CallOptions = {}): Promise<EmbeddingResponse> {
    return (await this.#once('embedding', body, options, (plan, ctx) => plan.provider.embedding!(plan.body as EmbeddingRequest, ctx))) as EmbeddingResponse;
  }

  async imageGeneration(body: WithControls<ImageGenerationRequest>, options: CallOptions = {}): Promise<ImageGenerationResponse> {
    return (await this.#once('image_generation', body, options, (plan, ctx) => plan.provider.imageGeneration!(plan.body as ImageGenerationRequest, ctx))) as ImageGenerationResponse;
  }

  async #once(
    call: CallType,
    body: Record<string, unknown>,
    options: CallOptions,
    invoke: (plan: CallPlan, ctx: Parameters<NonNullable<CallPlan['provider']['chat']>>[1]) => Promise<{ body: unknown }>,
  ): Promise<unknown> {
    const routed = await this.#route(call, { ...body, stream: false }, options, async (plan, ctx) => (await invoke(plan, ctx)).body);
    return routed.value;
  }

  async #stream(body: Record<string, unknown>, options: CallOptions): Promise<AsyncIterable<ChatCompletionChunk>> {
    let wantsUsage = false;
    const routed = await this.#route('chat', body, options, async (plan, ctx) => {
      wantsUsage = plan.wantsUsage;
      const upstream = await plan.provider.streamChat!(plan.body as ChatCompletionRequest, ctx);
      const iterator = upstream.chunks[Symbol.asyncIterator]();
      // The stream counts as started at its first chunk: failures before it are retried.
      return { iterator, first: await iterator.next() };
    });
    const { iterator, first } = routed.value;
    return (async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
      try {
        for (let next = first; next.done !== true; next = await iterator.next()) {
          const chunk = chunkForClient(next.value, wantsUsage);
          if (chunk !== undefined) yield chunk;
        }
      } finally {
        await iterator.return?.();
      }
    })();
  }

  async #route<R>(call: CallType, body: Record<string, unknown>, options: CallOptions, attempt: (plan: CallPlan, ctx: Parameters<NonNullable<CallPlan['provider']['chat']>>[1]) => Promise<R>): Promise<RouteResult<R>> {
    const { config, groups, router } = await this.#ready;
    const headers = options.headers ?? {};
    const prepared = prepareRequest({ call, body: structuredClone(body), headers, groups });
    const signal = options.signal ?? new AbortController().signal;
    const log = this.#log;
    return router.route({
      model: prepared.model,
      signal,
      numRetries: prepared.controls.numRetries,
      clientFallbacks: prepared.controls.clientFallbacks,
      mockTesting: prepared.controls.mockTesting,
      attempt: (picked) => {
        const plan = planAttempt({ config, log }, prepared, picked);
        return attempt(plan, { deployment: plan.deployment, signal, timeoutMs: plan.timeoutMs, log });
      },
    });
  }

  static async #load(options: { model_list: ModelEntry[]; litellm_settings: LitellmSettings; router_settings: Record<string, unknown>; cooldowns: CooldownStore | undefined }): Promise<Ready> {
    // JSON is YAML: the options go through the config pipeline (env refs, schema, rules).
    const text = JSON.stringify({ model_list: options.model_list, litellm_settings: options.litellm_settings, router_settings: options.router_settings });
    const { config } = await parseConfigText({ text, file: 'router-options.yaml' });
    const { deployments } = buildDeployments(config.model_list);
    const groups = new ModelGroups({ deployments, aliases: config.router_settings.model_group_alias });
    const router = new Router({
      groups,
      settings: resolveRouterSettings(config.router_settings, config.litellm_settings),
      ...(options.cooldowns ? { cooldowns: options.cooldowns } : {}),
    });
    return { config, groups, router };
  }
}
