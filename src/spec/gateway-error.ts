import { ERROR_CATALOGUE, type ErrorBody, type ErrorKind } from './error-catalogue.ts';

export interface GatewayErrorOptions {
  /** The request field at fault, reported as `error.param`. */
  param?: string | null;
  /** Seconds (or an HTTP date) to pass on as `retry-after`. */
  retryAfter?: string;
  /** Status the upstream answered with, when the error came from a provider. */
  upstreamStatus?: number;
  /** Provider details kept for the caller, as `error.provider_specific_fields`. */
  providerFields?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * An error with a catalogue kind. Anything thrown on the request path that is not a
 * GatewayError is answered as `internal` with a generic message (never a stack or a secret).
 */
export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly param: string | null;
  readonly retryAfter: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly providerFields: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.param = options.param ?? null;
    this.retryAfter = options.retryAfter;
    this.upstreamStatus = options.upstreamStatus;
    this.providerFields = options.providerFields;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.kind].status;
  }

  get retryable(): boolean {
    return ERROR_CATALOGUE[this.kind].retryable;
  }

  toBody(): ErrorBody {
    const spec = ERROR_CATALOGUE[this.kind];
    const body: ErrorBody = {
      error: { message: this.message, type: spec.type, param: this.param, code: String(spec.status) },
    };
    if (this.providerFields !== undefined) body.error.provider_specific_fields = this.providerFields;
    return body;
  }
}
