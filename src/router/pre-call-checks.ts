import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { underLimits, type MinuteUsage } from './minute-usage.ts';

/** What is left after the pre-call checks, or the error when nothing is. */
export interface PreCallResult {
  deployments: Deployment[];
  error?: GatewayError;
}

/**
 * `enable_pre_call_checks` (LiteLLM's `_pre_call_checks`): leave out deployments whose
 * context window (`model_info.max_input_tokens`, else `litellm_params.max_input_tokens`) is
 * smaller than the prompt, then those already at their `rpm` / `tpm` this minute. When none
 * is left: a 429 if some were left out for their limits (generic fallbacks apply), else a
 * context-window error (context_window_fallbacks apply).
 */
export function preCallCheck(options: { deployments: readonly Deployment[]; promptTokens: number; usage: MinuteUsage; model: string }): PreCallResult {
  const { promptTokens, usage } = options;
  let tooSmall = 0;
  let overLimit = 0;
  const deployments = options.deployments.filter((deployment) => {
    const window = maxInputTokens(deployment);
    if (window !== undefined && promptTokens > window) {
      tooSmall++;
      return false;
    }
    if (!underLimits({ deployment, usage, promptTokens })) {
      overLimit++;
      return false;
    }
    return true;
  });
  if (deployments.length > 0) return { deployments };
  if (overLimit > 0) {
    return {
      deployments,
      error: new GatewayError('rate_limit', `No deployments available for selected model, Try again in 60 seconds. Passed model=${options.model}. pre-call-checks=True, every deployment is at its rpm/tpm limit for this minute`, { retryAfter: '60' }),
    };
  }
  return {
    deployments,
    error: new GatewayError(
      'context_window_exceeded',
      `litellm.ContextWindowExceededError: litellm._pre_call_checks: Context Window exceeded for given call. No models have context window large enough for this call. Passed model=${options.model}, prompt tokens=${promptTokens}, tooSmall=${tooSmall}`,
      { param: 'messages' },
    ),
  };
}

function maxInputTokens(deployment: Deployment): number | undefined {
  const value = deployment.info.max_input_tokens ?? deployment.params['max_input_tokens'];
  return typeof value === 'number' && value > 0 ? value : undefined;
}
