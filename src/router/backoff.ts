import { ROUTER_DEFAULTS } from './router-settings.ts';

/**
 * Seconds to wait before retry number `retry` (0-based) when no other healthy deployment
 * can take it: the provider's `retry-after` when it is between 0 and 60 s, else
 * min(0.5·2^retry, 8) plus up to `JITTER` seconds of jitter; never less than
 * router_settings.retry_after.
 */
export function backoffSeconds(options: { retry: number; retryAfterHeader: string | undefined; minimumS: number; random: () => number }): number {
  const fromHeader = Number(options.retryAfterHeader);
  const base =
    Number.isFinite(fromHeader) && fromHeader > 0 && fromHeader <= 60
      ? fromHeader
      : Math.min(ROUTER_DEFAULTS.initialRetryDelayS * 2 ** options.retry, ROUTER_DEFAULTS.maxRetryDelayS) + ROUTER_DEFAULTS.jitter * options.random();
  return Math.max(base, options.minimumS);
}

/** Waits, unless the caller goes away first (then rejects with the signal's reason). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
