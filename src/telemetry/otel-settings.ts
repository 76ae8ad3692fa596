import { parseHeaderList } from './callback-settings.ts';

/** Where the otel callback exports spans. */
export interface OtelSettings {
  /** Full OTLP/HTTP traces URL (`…/v1/traces`), or `console` to print spans. */
  readonly endpoint: string | 'console';
  readonly headers: Record<string, string>;
  readonly serviceName: string;
}

/** LiteLLM's default service name. */
export const DEFAULT_OTEL_SERVICE_NAME = 'litellm';

/**
 * Reads the standard OTel variables (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, `OTEL_EXPORTER_OTLP_HEADERS`,
 * `OTEL_SERVICE_NAME`) and LiteLLM's (`OTEL_EXPORTER`, `OTEL_ENDPOINT`, `OTEL_HEADERS`).
 * A string says why the callback cannot run.
 */
export function readOtelSettings(env: Readonly<Record<string, string | undefined>>): OtelSettings | string {
  const exporter = (env['OTEL_EXPORTER'] ?? 'otlp_http').toLowerCase();
  const headers = { ...parseHeaderList(env['OTEL_HEADERS']), ...parseHeaderList(env['OTEL_EXPORTER_OTLP_HEADERS']) };
  const serviceName = env['OTEL_SERVICE_NAME'] || DEFAULT_OTEL_SERVICE_NAME;
  if (exporter === 'console') return { endpoint: 'console', headers, serviceName };
  if (exporter !== 'otlp_http' && exporter !== 'http/json' && exporter !== 'otlp') {
    return `the otel callback supports OTEL_EXPORTER=otlp_http or console, not ${exporter}: no spans are exported`;
  }
  const full = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_ENDPOINT'];
  if (full) return { endpoint: full, headers, serviceName };
  if (!base) return 'the otel callback is on but OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_ENDPOINT) is not set: no spans are exported';
  const trimmed = base.replace(/\/+$/, '');
  return { endpoint: trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`, headers, serviceName };
}
