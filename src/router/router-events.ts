import type { Deployment } from '../spec/deployment.ts';
import type { GatewayError } from '../spec/gateway-error.ts';
import type { Attempt } from './router.ts';

/**
 * Router-wide happenings, for observers such as metrics (the router knows nothing of them).
 * Listeners are called synchronously on the request path: they must be cheap and must not
 * throw (a throw is caught and ignored).
 */
export interface RouterEvents {
  /** The router put a deployment in cooldown after `error`. */
  cooldownStarted?(event: { deployment: Deployment; error: GatewayError }): void;
}

/** One request's happenings inside the router: per-attempt failures and fallbacks. Same rules as RouterEvents. */
export interface RouteEvents {
  /** One attempt on a deployment failed (it may still be retried or fall back). */
  attemptFailed?(event: { attempt: Attempt; error: GatewayError }): void;
  /** A fallback group answered after the request's own group failed with `error`. */
  fallbackSucceeded?(event: { requestedModel: string; fallbackModel: string; error: GatewayError }): void;
  /** A fallback group failed too; `error` is the failure that started the fallbacks. */
  fallbackFailed?(event: { requestedModel: string; fallbackModel: string; error: GatewayError }): void;
}

/** Runs an observer's callback, ignoring anything it throws: observers never fail a request. */
export function notifySafely(call: () => void): void {
  try {
    call();
  } catch {
    // An observer's bug must not change routing.
  }
}
