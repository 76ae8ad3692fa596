import type { SwitchyardConfig } from '../config/config-types.ts';
import type { CallCompleteEvent } from '../server/call-events.ts';

/** When a tracing callback runs: on successes, on failures, or both. */
export interface CallbackWhen {
  readonly success: boolean;
  readonly failure: boolean;
}

/**
 * Where LiteLLM's `litellm_settings` turns a callback on: `callbacks` (both outcomes),
 * `success_callback` (successes) and `failure_callback` (failures). Undefined when off.
 */
export function callbackEnabled(config: SwitchyardConfig, name: string): CallbackWhen | undefined {
  const has = (key: 'callbacks' | 'success_callback' | 'failure_callback'): boolean => {
    const list = config.litellm_settings[key];
    return Array.isArray(list) && list.includes(name);
  };
  const both = has('callbacks');
  const when = { success: both || has('success_callback'), failure: both || has('failure_callback') };
  return when.success || when.failure ? when : undefined;
}

/** Whether a callback configured `when` takes this event. */
export function callbackWants(when: CallbackWhen, event: CallCompleteEvent): boolean {
  return event.status === 'success' ? when.success : when.failure;
}

/** `litellm_settings.turn_off_message_logging`: traces keep no prompts or answers. */
export function messageLoggingOff(config: SwitchyardConfig): boolean {
  return config.litellm_settings['turn_off_message_logging'] === true;
}

/** Parses OTel-style header lists: `key=value,key2=value2` (values URL-decoded). */
export function parseHeaderList(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // Not URL-encoded: keep it as written.
    }
    if (key !== '') headers[key] = decoded;
  }
  return headers;
}
