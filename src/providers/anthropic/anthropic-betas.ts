import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { AnthropicMessagesRequest } from './anthropic-api.ts';

/** Anthropic tool types that only work with a beta header, and the header they need. */
const TOOL_TYPE_BETAS: Readonly<Record<string, string>> = {
  computer_20241022: 'computer-use-2024-10-22',
  text_editor_20241022: 'computer-use-2024-10-22',
  bash_20241022: 'computer-use-2024-10-22',
  computer_20250124: 'computer-use-2025-01-24',
  code_execution_20250522: 'code-execution-2025-05-22',
};

/** A top-level body field that only works with a beta header. */
const FIELD_BETAS: Readonly<Record<string, string>> = {
  mcp_servers: 'mcp-client-2025-04-04',
  context_management: 'context-management-2025-06-27',
};

/** The beta that allows a one-hour prompt cache (`cache_control: {type: ephemeral, ttl: "1h"}`). */
export const EXTENDED_CACHE_TTL_BETA = 'extended-cache-ttl-2025-04-11';

/**
 * The `anthropic-beta` values a Messages API body needs, as LiteLLM adds them: computer-use
 * and code-execution tool types, `mcp_servers`, `context_management`, and one-hour
 * `cache_control` TTLs anywhere in system, messages or tools.
 */
export function anthropicBetasFor(body: AnthropicMessagesRequest): string[] {
  const betas = new Set<string>();
  for (const tool of body.tools ?? []) {
    const beta = typeof tool['type'] === 'string' ? TOOL_TYPE_BETAS[tool['type']] : undefined;
    if (beta !== undefined) betas.add(beta);
  }
  for (const [field, beta] of Object.entries(FIELD_BETAS)) if (body[field] !== undefined) betas.add(beta);
  if (usesLongCacheTtl(body)) betas.add(EXTENDED_CACHE_TTL_BETA);
  return [...betas];
}

function usesLongCacheTtl(body: AnthropicMessagesRequest): boolean {
  const blocks: unknown[] = [...(body.system ?? []), ...(body.tools ?? []), ...body.messages.flatMap((message) => message.content)];
  return blocks.some((block) => isRecord(block) && isRecord(block['cache_control']) && block['cache_control']['ttl'] === '1h');
}
