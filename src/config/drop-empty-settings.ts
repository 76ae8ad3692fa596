/**
 * A setting written with no value (`general_settings:` with everything under it commented out,
 * or `api_key: null`) counts as not set, as it does in LiteLLM. This drops such settings at the
 * levels the config defines: top-level sections, the keys of each section, the keys of each
 * `model_list` entry and of its `litellm_params` and `model_info`. Values inside lists and
 * deeper mappings are kept as written; `environment_variables` is kept as written too (an
 * empty value there is an error).
 */
import { isRecord } from './config-path.ts';

const SETTINGS_SECTIONS = ['litellm_settings', 'router_settings', 'general_settings'];
const ENTRY_MAPPINGS = ['litellm_params', 'model_info'];

/** A copy of the merged config without empty settings. */
export function dropEmptySettings(config: Record<string, unknown>): Record<string, unknown> {
  const result = withoutEmpty(config);
  for (const section of SETTINGS_SECTIONS) {
    const value = result[section];
    if (isRecord(value)) {
      result[section] = withoutEmpty(value);
    }
  }
  const modelList = result['model_list'];
  if (Array.isArray(modelList)) {
    result['model_list'] = modelList.map((entry: unknown) => dropEmptyInEntry(entry));
  }
  return result;
}

function dropEmptyInEntry(entry: unknown): unknown {
  if (!isRecord(entry)) {
    return entry;
  }
  const result = withoutEmpty(entry);
  for (const key of ENTRY_MAPPINGS) {
    const value = result[key];
    if (isRecord(value)) {
      result[key] = withoutEmpty(value);
    }
  }
  return result;
}

function withoutEmpty(mapping: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(mapping).filter(([, value]) => value !== null && value !== undefined));
}
