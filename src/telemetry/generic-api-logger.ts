import { request } from 'undici';
import type { CallSink } from './langfuse-telemetry.ts';
import { standardLoggingPayload } from './standard-logging-payload.ts';

/** How the generic_api webhook sends its batches. */
export interface GenericApiSettings {
  /** `GENERIC_LOGGER_ENDPOINT` */
  readonly endpoint: string;
  /** `GENERIC_LOGGER_HEADERS` (`key=value,key2=value2`). */
  readonly headers: Record<string, string>;
  /** Payloads per POST (`DEFAULT_BATCH_SIZE`, LiteLLM's default 512). */
  readonly batchSize: number;
  /** Seconds between flushes of a partial batch (`DEFAULT_FLUSH_INTERVAL_SECONDS`, default 5). */
  readonly flushIntervalSeconds: number;
}

/** Payloads kept while the endpoint is slow; older ones are dropped past this. */
const MAX_QUEUE = 10_000;
/** Milliseconds one POST may take. */
const POST_TIMEOUT_MS = 10_000;

/**
 * LiteLLM's generic_api callback: each call's StandardLoggingPayload is queued, and batches
 * are POSTed as a JSON array to the endpoint in the background (undici), never blocking a
 * request. A failing or hanging endpoint loses that batch (logged through `onError`) and
 * nothing else; `close` sends what is left and waits for the POSTs in flight.
 */
export function createGenericApiSink(args: { settings: GenericApiSettings; logMessages: boolean; onError: (error: unknown) => void }): CallSink {
  const { settings } = args;
  let queue: Record<string, unknown>[] = [];
  const inFlight = new Set<Promise<void>>();
  const send = (batch: Record<string, unknown>[]): void => {
    const sending = post(settings, batch).catch(args.onError);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };
  const flushQueue = (): void => {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    send(batch);
  };
  const timer = setInterval(flushQueue, settings.flushIntervalSeconds * 1000);
  timer.unref();
  return {
    record(event) {
      queue.push(standardLoggingPayload(event, { logMessages: args.logMessages }));
      if (queue.length > MAX_QUEUE) queue.splice(0, queue.length - MAX_QUEUE);
      if (queue.length >= settings.batchSize) flushQueue();
    },
    async flush() {
      flushQueue();
      await Promise.all([...inFlight]);
    },
    async close() {
      clearInterval(timer);
      flushQueue();
      await Promise.all([...inFlight]);
    },
  };
}

async function post(settings: GenericApiSettings, batch: readonly Record<string, unknown>[]): Promise<void> {
  const response = await request(settings.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...settings.headers },
    body: JSON.stringify(batch),
    headersTimeout: POST_TIMEOUT_MS,
    bodyTimeout: POST_TIMEOUT_MS,
  });
  await response.body.dump();
  if (response.statusCode >= 400) throw new Error(`generic_api endpoint answered ${response.statusCode}`);
}
