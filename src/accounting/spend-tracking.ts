import type { KeyCache } from '../access/key-cache.ts';
import type { OwnerCaches } from '../access/owner-checks.ts';
import type { ModelBudgets } from './model-budgets.ts';
import { onCallComplete, type CallCompleteEvent } from '../server/call-events.ts';
import type { CallType, ProviderLogger } from '../spec/provider.ts';
import type { SpendLogInput } from '../storage/spend-log-record.ts';
import type { SpendWriter } from './spend-writer.ts';

/** LiteLLM's `call_type` values in spend logs. */
const CALL_TYPES: Readonly<Record<CallType, string>> = {
  chat: 'acompletion',
  completion: 'atext_completion',
  embedding: 'aembedding',
  image_generation: 'aimage_generation',
};

/**
 * Records every finished call: a spend-log row to the writer (batched, journaled, exactly
 * once; failures as `status: failure` rows with no spend, as LiteLLM does) and, for a success,
 * at once the key's spend in this replica's key cache so its budget is enforced from the next
 * request on. Only calls that reached a deployment of this app are taken (the event bus is
 * process-wide). With `storePrompts` the row keeps the request and answer (clipped). Returns
 * the unsubscribe function.
 */
export function startSpendTracking(options: { writer: SpendWriter; keys: KeyCache | undefined; owners?: OwnerCaches | undefined; modelBudgets?: ModelBudgets | undefined; log?: ProviderLogger; ownsDeployment: (id: string) => boolean; storePrompts?: boolean }): () => void {
  return onCallComplete((event) => {
    if (event.deployment === undefined || !options.ownsDeployment(event.deployment.id)) return;
    const row = spendRow(event);
    if (options.storePrompts === true) {
      row.messages = clipForLog(event.request ?? null);
      row.response = clipForLog(event.response ?? null);
    }
    options.writer.add(row);
    if (event.status !== 'success') return;
    const hash = event.caller?.hashedApiKey;
    const cached = hash === undefined ? undefined : options.keys?.peek(hash);
    if (cached !== undefined && row.spend > 0) {
      options.keys?.set({ ...cached, spend: cached.spend + row.spend });
      // soft_budget: LiteLLM alerts when a key crosses it; Switchyard logs it (once per crossing).
      const soft = cached.soft_budget;
      if (soft !== null && cached.spend < soft && cached.spend + row.spend >= soft) {
        options.log?.warn({ key_name: cached.key_name, key_alias: cached.key_alias, soft_budget: soft, spend: cached.spend + row.spend }, 'key crossed its soft_budget');
      }
    }
    if (hash !== undefined && row.spend > 0) options.modelBudgets?.add({ keyHash: hash, model: event.modelGroup, cost: row.spend });
    // The key's user and team budgets see the spend at once on this replica too.
    const owners = options.owners;
    if (owners !== undefined && row.spend > 0) {
      const user = row.user_id == null ? undefined : owners.users.peek(row.user_id);
      if (user !== undefined && row.user_id != null) owners.users.set(row.user_id, { ...user, spend: user.spend + row.spend });
      const team = row.team_id == null ? undefined : owners.teams.peek(row.team_id);
      if (team !== undefined && row.team_id != null) owners.teams.set(row.team_id, { ...team, spend: team.spend + row.spend });
      const endUser = row.end_user == null ? undefined : owners.endUsers?.peek(row.end_user);
      if (endUser !== undefined && row.end_user != null) owners.endUsers?.set(row.end_user, { ...endUser, spend: endUser.spend + row.spend });
    }
  });
}

function spendRow(event: CallCompleteEvent): SpendLogInput {
  const end = new Date();
  const start = new Date(end.getTime() - event.latencyMs);
  const usage = event.usage;
  const details = usage?.prompt_tokens_details as { cached_tokens?: number } | undefined;
  const extra = usage as { cache_creation_input_tokens?: number } | undefined;
  return {
    request_id: event.requestId,
    call_type: CALL_TYPES[event.call],
    api_key: event.caller?.hashedApiKey ?? '',
    spend: event.cost?.cost ?? 0,
    prompt_tokens: usage?.prompt_tokens ?? 0,
    completion_tokens: usage?.completion_tokens ?? 0,
    total_tokens: usage?.total_tokens ?? 0,
    ...(details?.cached_tokens === undefined ? {} : { cache_read_input_tokens: details.cached_tokens }),
    ...(extra?.cache_creation_input_tokens === undefined ? {} : { cache_creation_input_tokens: extra.cache_creation_input_tokens }),
    start_time: start,
    end_time: end,
    completion_start_time: event.ttftMs === undefined ? null : new Date(start.getTime() + event.ttftMs),
    model: event.deployment?.providerModel ?? event.modelGroup,
    model_id: event.deployment?.id ?? null,
    model_group: event.modelGroup,
    custom_llm_provider: event.deployment?.provider ?? null,
    user_id: event.caller?.user ?? null,
    team_id: event.caller?.team ?? null,
    end_user: event.caller?.endUser ?? null,
    ...(event.cacheHit === undefined ? {} : { cache_hit: event.cacheHit, cache_key: event.cacheKey ?? null }),
    status: event.status,
    ...(event.status === 'failure' ? { metadata: { error_information: { error_class: event.errorKind ?? 'unknown', error_message: event.errorMessage ?? '' } } } : {}),
    // A call with no known price is not free: say so, so reports can show "unpriced" rather than $0.
    ...(event.status === 'success' && event.cost?.priced !== true ? { metadata: { unpriced: true, cost_source: event.cost?.source ?? 'no-usage' } } : {}),
  };
}

/** Largest request or answer kept in a spend-log row (JSON characters); longer ones are cut. */
export const MAX_LOGGED_JSON_CHARS = 64 * 1024;

/** A request or answer as stored in a spend log: as is when small, else a cut preview saying so. */
export function clipForLog(value: unknown): unknown {
  if (value === null) return null;
  const text = JSON.stringify(value) ?? 'null';
  return text.length <= MAX_LOGGED_JSON_CHARS ? value : { truncated: true, original_chars: text.length, preview: text.slice(0, MAX_LOGGED_JSON_CHARS) };
}
