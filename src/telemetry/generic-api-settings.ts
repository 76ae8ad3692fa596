import { parseHeaderList } from './callback-settings.ts';
import type { GenericApiSettings } from './generic-api-logger.ts';
import { positiveNumber } from './langfuse-settings.ts';

/** Reads `GENERIC_LOGGER_ENDPOINT` / `GENERIC_LOGGER_HEADERS` (+ LiteLLM's batch constants); a string says what is missing. */
export function readGenericApiSettings(env: Readonly<Record<string, string | undefined>>): GenericApiSettings | string {
  const endpoint = env['GENERIC_LOGGER_ENDPOINT'];
  if (endpoint === undefined || endpoint === '') return 'the generic_api callback is on but GENERIC_LOGGER_ENDPOINT is not set: nothing is sent';
  return {
    endpoint,
    headers: parseHeaderList(env['GENERIC_LOGGER_HEADERS']),
    batchSize: Math.floor(positiveNumber(env['DEFAULT_BATCH_SIZE']) ?? 512),
    flushIntervalSeconds: positiveNumber(env['DEFAULT_FLUSH_INTERVAL_SECONDS']) ?? 5,
  };
}
