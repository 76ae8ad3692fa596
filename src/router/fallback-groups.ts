import type { ErrorKind } from '../spec/error-catalogue.ts';
import type { ResolvedRouterSettings } from './router-settings.ts';

/** Errors that are the caller's own doing: another model would fail the same way. */
const NO_FALLBACK: ReadonlySet<ErrorKind> = new Set([
  'bad_request', 'invalid_json', 'unsupported_params', 'unknown_model', 'authentication', 'route_not_found',
  'method_not_allowed', 'request_too_large', 'unsupported_media_type', 'unprocessable_entity',
]);

/** Whether another deployment or group might succeed where this error happened. */
export function canFallBack(kind: ErrorKind): boolean {
  return !NO_FALLBACK.has(kind);
}

/**
 * The groups to fall back to after `group` failed with `kind` (litellm-compat §3.4):
 * client-side fallbacks win; a context-window error uses context_window_fallbacks and a
 * content-policy error content_policy_fallbacks when those name the group (an empty list
 * means none); otherwise the generic fallbacks of the group, else the `"*"` defaults.
 */
export function fallbackGroups(options: { kind: ErrorKind; group: string; settings: ResolvedRouterSettings; clientFallbacks: readonly string[] | undefined }): readonly string[] {
  const { kind, group, settings } = options;
  if (!canFallBack(kind)) return [];
  let groups: readonly string[] | undefined = options.clientFallbacks;
  if (groups === undefined && kind === 'context_window_exceeded') groups = settings.contextWindowFallbacks.get(group);
  if (groups === undefined && kind === 'content_policy_violation') groups = settings.contentPolicyFallbacks.get(group);
  groups ??= settings.fallbacks.get(group) ?? settings.defaultFallbacks;
  return groups.filter((g) => g !== group).slice(0, settings.maxFallbacks);
}
