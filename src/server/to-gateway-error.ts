import { GatewayError } from '../spec/gateway-error.ts';

/** Any thrown value as a catalogue error; unknown failures become a generic 500 (no stack, no secret). */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('internal', 'Internal server error. The gateway logged the details under this call id.', { cause: error });
}
