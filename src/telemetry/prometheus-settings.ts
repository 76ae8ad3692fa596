import type { SwitchyardConfig } from '../config/config-types.ts';

const CALLBACK_LISTS = ['callbacks', 'success_callback', 'failure_callback'] as const;

/** Whether `litellm_settings.callbacks` (or `success_callback` / `failure_callback`) names `prometheus`. */
export function prometheusEnabled(config: SwitchyardConfig): boolean {
  return CALLBACK_LISTS.some((name) => {
    const list = config.litellm_settings[name];
    return Array.isArray(list) && list.includes('prometheus');
  });
}

/** `litellm_settings.require_auth_for_metrics_endpoint`: /metrics is public unless this is true. */
export function metricsNeedAuth(config: SwitchyardConfig): boolean {
  return config.litellm_settings['require_auth_for_metrics_endpoint'] === true;
}
