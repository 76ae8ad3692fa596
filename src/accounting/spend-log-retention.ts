import { parseBudgetDuration } from './budget-duration.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import type { SpendQueryRepository } from '../storage/spend-query-repository.ts';

/** `30s`…`1mo` → milliseconds (months as 30 days); undefined when not a duration. */
function retentionMs(text: string): number | undefined {
  const d = parseBudgetDuration(text);
  if (d === undefined) return undefined;
  const unit = { seconds: 1_000, days: 86_400_000, weeks: 7 * 86_400_000, months: 30 * 86_400_000 }[d.unit];
  return d.count * unit;
}

/**
 * `general_settings.maximum_spend_logs_retention_period` (LiteLLM's name, e.g. `7d`): deletes
 * spend-log rows older than that, at start and then every `maximum_spend_logs_retention_interval`
 * (default 1 day). Spend totals and the daily tables are kept. Returns the first run and a stop function.
 */
export function startSpendLogRetention(options: { spend: SpendQueryRepository; period: unknown; interval?: unknown; log: ProviderLogger }): { firstRun: Promise<void>; stop: () => void } | undefined {
  if (typeof options.period !== 'string') return undefined;
  const keepMs = retentionMs(options.period);
  if (keepMs === undefined) {
    options.log.warn({ period: options.period }, 'maximum_spend_logs_retention_period is not a duration (e.g. 7d); spend logs are kept');
    return undefined;
  }
  const everyMs = (typeof options.interval === 'string' ? retentionMs(options.interval) : undefined) ?? 86_400_000;
  const run = async (): Promise<void> => {
    try {
      const deleted = await options.spend.deleteSpendLogsBefore(new Date(Date.now() - keepMs));
      if (deleted > 0) options.log.info({ deleted }, 'spend logs past the retention period deleted');
    } catch (error) {
      options.log.warn({ err: (error as Error).message }, 'spend-log retention failed; retried at the next interval');
    }
  };
  const firstRun = run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return { firstRun, stop: () => clearInterval(timer) };
}
