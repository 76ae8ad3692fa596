import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../spec/gateway-error.ts';
import { ClientGoneError } from './execute-call.ts';
import { toGatewayError } from './to-gateway-error.ts';

/** Fastify's own error codes, mapped into the catalogue. */
const FASTIFY_CODES: Readonly<Record<string, (error: FastifyError) => GatewayError>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new GatewayError('request_too_large', 'Request body is too large. Raise general_settings.max_request_size_mb to accept larger requests.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new GatewayError('unsupported_media_type', 'Unsupported content type: send JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new GatewayError('invalid_json', 'Request body is empty: send a JSON object.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new GatewayError('bad_request', 'Request body size did not match Content-Length.'),
};

/**
 * The one place errors become answers: `{"error":{"message","type","param","code"}}` with
 * the catalogue's status, `retry-after` passed on, and nothing internal leaked.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ClientGoneError || reply.raw.destroyed) {
    request.log.debug({ err: error }, 'client went away');
    return;
  }
  const gatewayError = classify(error);
  if (gatewayError.status >= 500) request.log.error({ err: error.cause ?? error, status: gatewayError.status }, gatewayError.message);
  else request.log.debug({ status: gatewayError.status, kind: gatewayError.kind }, gatewayError.message);
  reply.header('x-litellm-call-id', String(request.id));
  if (gatewayError.retryAfter !== undefined) reply.header('retry-after', gatewayError.retryAfter);
  void reply.code(gatewayError.status).type('application/json; charset=utf-8').send(gatewayError.toBody());
}

function classify(error: FastifyError | Error): GatewayError {
  if (error instanceof GatewayError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) {
    const first = fastifyError.validation[0];
    const param = first === undefined ? null : toParam(first.instancePath, first.params);
    const allowed = first?.params['allowedValues'];
    const detail = `${first?.message ?? fastifyError.message}${Array.isArray(allowed) ? ` (${allowed.join(', ')})` : ''}`;
    return new GatewayError('bad_request', `Invalid request: ${param === null ? '' : `${param}: `}${detail}`, { param });
  }
  const mapped = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (mapped !== undefined) return mapped(fastifyError);
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new GatewayError('bad_request', fastifyError.message);
  }
  return toGatewayError(error);
}

/** `/messages/0/role` → `messages[0].role`; a missing property names itself. */
function toParam(instancePath: string, params: Record<string, unknown>): string | null {
  const parts = instancePath.split('/').filter((p) => p !== '');
  const missing = params['missingProperty'];
  if (typeof missing === 'string') parts.push(missing);
  if (parts.length === 0) return null;
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
