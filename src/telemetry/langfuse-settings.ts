/** How the Langfuse callback reaches Langfuse (from the environment, as LiteLLM reads it). */
export interface LangfuseSettings {
  readonly publicKey: string;
  readonly secretKey: string;
  /** `LANGFUSE_BASE_URL`, else `LANGFUSE_HOST`, else Langfuse Cloud. No trailing slash. */
  readonly baseUrl: string;
  /** `LANGFUSE_FLUSH_AT`: spans per export batch. */
  readonly flushAt: number | undefined;
  /** `LANGFUSE_FLUSH_INTERVAL`: seconds between exports. */
  readonly flushInterval: number | undefined;
  /** `LANGFUSE_TIMEOUT`: seconds one export may take. */
  readonly timeout: number | undefined;
  readonly environment: string | undefined;
  readonly release: string | undefined;
}

/** Langfuse's default endpoint. */
export const LANGFUSE_CLOUD = 'https://cloud.langfuse.com';

/** Reads the Langfuse settings; a string naming what is missing when the keys are not set. */
export function readLangfuseSettings(env: Readonly<Record<string, string | undefined>>): LangfuseSettings | string {
  const publicKey = env['LANGFUSE_PUBLIC_KEY'];
  const secretKey = env['LANGFUSE_SECRET_KEY'];
  if (publicKey === undefined || publicKey === '' || secretKey === undefined || secretKey === '') {
    return 'the langfuse callback is on but LANGFUSE_PUBLIC_KEY or LANGFUSE_SECRET_KEY is not set: nothing is sent to Langfuse';
  }
  const base = env['LANGFUSE_BASE_URL'] || env['LANGFUSE_HOST'] || LANGFUSE_CLOUD;
  return {
    publicKey,
    secretKey,
    baseUrl: (/^https?:\/\//.test(base) ? base : `https://${base}`).replace(/\/+$/, ''),
    flushAt: positiveNumber(env['LANGFUSE_FLUSH_AT']),
    flushInterval: positiveNumber(env['LANGFUSE_FLUSH_INTERVAL']),
    timeout: positiveNumber(env['LANGFUSE_TIMEOUT']),
    environment: env['LANGFUSE_TRACING_ENVIRONMENT'] || undefined,
    release: env['LANGFUSE_RELEASE'] || undefined,
  };
}

/** A positive number from an environment variable, else undefined. */
export function positiveNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(number) && number > 0 ? number : undefined;
}
