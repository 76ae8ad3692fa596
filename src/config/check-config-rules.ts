/**
 * Rules that span more than one value, or that LiteLLM enforces beyond types. They read the
 * config after `os.environ/` references are resolved and before decoding, so they run even
 * when the schema found problems.
 */
import { basename } from 'node:path';
import { isRecord } from './config-path.ts';
import type { ProblemCollector } from './problem-collector.ts';

/** The prefix LiteLLM requires on `general_settings.master_key`. */
export const MASTER_KEY_PREFIX = 'sk-';

/** `model_info.id` names one deployment: two entries with the same id are an error. */
export function checkDeploymentIds(options: { modelList: unknown; collector: ProblemCollector }): void {
  if (!Array.isArray(options.modelList)) {
    return;
  }
  const firstUse = new Map<string, number>();
  options.modelList.forEach((entry: unknown, index) => {
    const info = isRecord(entry) ? entry['model_info'] : undefined;
    const id = isRecord(info) ? info['id'] : undefined;
    if (typeof id !== 'string') {
      return;
    }
    const first = firstUse.get(id);
    if (first === undefined) {
      firstUse.set(id, index);
      return;
    }
    const { collector } = options;
    const firstAt = collector.locate(['model_list', first, 'model_info', 'id']);
    const where = `${basename(firstAt.file)}${firstAt.line === undefined ? '' : `:${firstAt.line}`}`;
    collector.error(['model_list', index, 'model_info', 'id'], `duplicate deployment id ${JSON.stringify(id)} (already used at ${where})`);
  });
}

/** LiteLLM only accepts a master key starting with `sk-`; the message never shows the key. */
export function checkMasterKey(options: { generalSettings: unknown; collector: ProblemCollector }): void {
  const { generalSettings } = options;
  const key = isRecord(generalSettings) ? generalSettings['master_key'] : undefined;
  if (typeof key === 'string' && !key.startsWith(MASTER_KEY_PREFIX)) {
    options.collector.error(['general_settings', 'master_key'], `must start with "${MASTER_KEY_PREFIX}" (LiteLLM requires it)`);
  }
}
