import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../access/caller.ts';
import { authorizeModel } from '../access/authorize-model.ts';
import { tokenPrices } from '../accounting/token-prices.ts';
import { collectSecretValues, scrub } from '../health/health-endpoint-view.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import type { ModelSecrets } from '../models/model-secrets.ts';
import { parseModelEntry, type StoredModels } from '../models/stored-models.ts';
import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { ModelRepository, StoredModelRecord } from '../storage/model-repository.ts';
import { requireAdmin, requiredText, type ManagementBody } from './admin-request.ts';

/** What the model routes need; `storage` is set only when models may be stored in the database. */
export interface ModelManagementDeps {
  catalog: ModelCatalog;
  /** Undefined without a database, `STORE_MODEL_IN_DB`, or a key to encrypt credentials with (`reason` says which). */
  storage: { repo: ModelRepository; secrets: ModelSecrets; sync: StoredModels } | { reason: GatewayError };
  env: NodeJS.ProcessEnv;
}

/** LiteLLM's message when models cannot be stored (kept verbatim for runbooks that grep it). */
export const STORE_MODEL_IN_DB_OFF = "Set 'STORE_MODEL_IN_DB='True'' in your env to enable this feature.";

/**
 * Model management (LiteLLM's routes): `/model/new`, `/model/update`, `PATCH /model/{id}/update`,
 * `/model/delete` change models stored in the database, which every replica serves within
 * seconds; `/model/info` (`/v1/model/info`), `/v2/model/info` and `/model_group/info` describe
 * what is served — config and stored models alike, credentials removed, each caller seeing only
 * the models it may use.
 */
export function registerModelManagementRoutes(app: FastifyInstance, deps: ModelManagementDeps): void {
  const storage = (): { repo: ModelRepository; secrets: ModelSecrets; sync: StoredModels } => {
    if ('reason' in deps.storage) throw deps.storage.reason;
    return deps.storage;
  };

  app.post('/model/new', async (request) => {
    const body = requireAdmin(request);
    const { repo, secrets, sync } = storage();
    const info = recordOf(body['model_info']);
    const modelId = typeof info['id'] === 'string' && info['id'] !== '' ? info['id'] : randomUUID();
    if (deps.catalog.deployments.some((d) => d.id === modelId) || (await repo.get(modelId)) !== undefined) {
      throw new GatewayError('bad_request', `A model with id=${modelId} already exists`, { param: 'model_info.id' });
    }
    const entry = await validEntry({ model_name: body['model_name'], litellm_params: body['litellm_params'], model_info: { ...info, id: modelId } }, deps.env);
    const row = await repo.create({
      model_id: modelId,
      model_name: entry.model_name,
      litellm_params: secrets.encryptParams(recordOf(body['litellm_params'])),
      model_info: { ...info, id: modelId },
      created_by: actor(request.caller),
    });
    await sync.refresh();
    request.log.info({ model_id: modelId, model_name: entry.model_name }, 'model stored');
    return storedView(row);
  });

  const update = async (request: FastifyRequest, modelId: string, body: ManagementBody): Promise<Record<string, unknown>> => {
    const { repo, secrets, sync } = storage();
    const existing = await repo.get(modelId);
    if (existing === undefined) throw notStored(deps.catalog, modelId);
    const plain = secrets.decryptParams(existing.litellm_params);
    if (plain.undecrypted.length > 0) throw new GatewayError('bad_request', `The stored credentials of model ${modelId} do not decrypt with this gateway's LITELLM_SALT_KEY / master key; delete and re-add it`);
    // Fields sent as null are removed (LiteLLM clears them); others replace the stored value.
    const params = mergeFields(plain.params, recordOf(body['litellm_params']));
    const info = { ...mergeFields(existing.model_info, recordOf(body['model_info'])), id: modelId };
    const name = typeof body['model_name'] === 'string' && body['model_name'] !== '' ? body['model_name'] : existing.model_name;
    await validEntry({ model_name: name, litellm_params: params, model_info: info }, deps.env);
    const row = await repo.update(modelId, { model_name: name, litellm_params: secrets.encryptParams(params), model_info: info, updated_by: actor(request.caller) });
    if (row === undefined) throw notStored(deps.catalog, modelId);
    await sync.refresh();
    request.log.info({ model_id: modelId, model_name: name }, 'stored model updated');
    return storedView(row);
  };

  app.post('/model/update', async (request) => {
    const body = requireAdmin(request);
    const info = recordOf(body['model_info']);
    const modelId = typeof info['id'] === 'string' && info['id'] !== '' ? info['id'] : undefined;
    if (modelId === undefined) throw new GatewayError('bad_request', 'model_info.id is required: the id of the stored model to update', { param: 'model_info.id' });
    return update(request, modelId, body);
  });

  app.patch('/model/:model_id/update', async (request) => {
    const body = requireAdmin(request);
    return update(request, (request.params as { model_id: string }).model_id, body);
  });

  app.post('/model/delete', async (request) => {
    const body = requireAdmin(request);
    const modelId = requiredText(body, request.query, 'id');
    const { repo, sync } = storage();
    if (!(await repo.delete(modelId))) throw notStored(deps.catalog, modelId);
    await sync.refresh();
    request.log.info({ model_id: modelId }, 'stored model deleted');
    return { message: `Model: ${modelId} deleted successfully` };
  });

  const modelInfo = async (request: FastifyRequest): Promise<Record<string, unknown>> => {
    const query = request.query as { litellm_model_id?: string };
    const data = visibleDeployments(request.caller, deps.catalog)
      .filter((d) => query.litellm_model_id === undefined || d.id === query.litellm_model_id)
      .map((d) => deploymentView(d, deps.catalog));
    return { data };
  };
  app.get('/model/info', modelInfo);
  app.get('/v1/model/info', modelInfo);

  app.get('/v2/model/info', async (request) => {
    const query = request.query as { model?: string; modelId?: string; search?: string; page?: string; size?: string };
    const search = query.search?.toLowerCase();
    const all = visibleDeployments(request.caller, deps.catalog).filter((d) =>
      (query.model === undefined || d.modelName === query.model) &&
      (query.modelId === undefined || d.id === query.modelId) &&
      (search === undefined || d.modelName.toLowerCase().includes(search) || d.params.model.toLowerCase().includes(search)));
    const size = clampInt(query.size, 50, 1, 500);
    const page = clampInt(query.page, 1, 1, Number.MAX_SAFE_INTEGER);
    const data = all.slice((page - 1) * size, page * size).map((d) => deploymentView(d, deps.catalog));
    return { data, total_count: all.length, current_page: page, total_pages: Math.max(1, Math.ceil(all.length / size)), size };
  });

  const groupInfo = async (request: FastifyRequest): Promise<Record<string, unknown>> => {
    const query = request.query as { model_group?: string };
    const byGroup = new Map<string, Deployment[]>();
    for (const d of visibleDeployments(request.caller, deps.catalog)) {
      if (query.model_group !== undefined && d.modelName !== query.model_group) continue;
      byGroup.set(d.modelName, [...(byGroup.get(d.modelName) ?? []), d]);
    }
    return { data: [...byGroup].map(([name, deployments]) => groupView(name, deployments)) };
  };
  app.get('/model_group/info', groupInfo);
  app.get('/v1/model_group/info', groupInfo);
}

/** The entry, or a 400 listing what is wrong with it. */
async function validEntry(raw: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  if (typeof raw['model_name'] !== 'string' || raw['model_name'] === '') throw new GatewayError('bad_request', 'model_name is required', { param: 'model_name' });
  if (typeof raw['litellm_params'] !== 'object' || raw['litellm_params'] === null) throw new GatewayError('bad_request', 'litellm_params is required (with at least "model")', { param: 'litellm_params' });
  const parsed = await parseModelEntry(raw, env);
  if ('problems' in parsed) throw new GatewayError('bad_request', `Invalid model: ${parsed.problems.join('; ')}`);
  return parsed.entry;
}

function notStored(catalog: ModelCatalog, modelId: string): GatewayError {
  if (catalog.deployments.some((d) => d.id === modelId)) {
    return new GatewayError('bad_request', `Model ${modelId} is defined in the config file; change it there (the gateway reloads the file when it changes)`, { param: 'id' });
  }
  return new GatewayError('not_found', `Model with id=${modelId} not found in db`, { param: 'id' });
}

function actor(caller: Caller): string {
  return caller.kind === 'virtual' ? (caller.key.user_id ?? caller.key.key_name) : 'default_user_id';
}

/** The deployments the caller may use: admins see all, a virtual key those its model list allows. */
function visibleDeployments(caller: Caller, catalog: ModelCatalog): readonly Deployment[] {
  if (caller.kind !== 'virtual') return catalog.deployments;
  return catalog.deployments.filter((d) => {
    try {
      authorizeModel(caller, d.modelName);
      return true;
    } catch {
      return false;
    }
  });
}

/** One `/model/info` entry: params without credentials, model_info with prices and capabilities filled in. */
function deploymentView(d: Deployment, catalog: ModelCatalog): Record<string, unknown> {
  const prices = tokenPrices(d);
  return {
    model_name: d.modelName,
    litellm_params: scrub(d.params, collectSecretValues(d.params)),
    model_info: {
      key: d.providerModel,
      mode: d.info.mode ?? 'chat',
      max_tokens: d.info.max_tokens ?? null,
      max_input_tokens: d.info.max_input_tokens ?? null,
      max_output_tokens: d.info.max_output_tokens ?? null,
      input_cost_per_token: prices?.input ?? null,
      output_cost_per_token: prices?.output ?? null,
      litellm_provider: d.provider,
      ...d.info,
      id: d.id,
      db_model: catalog.isStored(d.id),
    },
  };
}

/** One `/model_group/info` entry: the group's providers, limits and the prices of its first priced deployment. */
function groupView(name: string, deployments: readonly Deployment[]): Record<string, unknown> {
  const prices = deployments.map((d) => tokenPrices(d)).find((p) => p !== undefined);
  const sum = (field: 'tpm' | 'rpm'): number | null => {
    const values = deployments.map((d) => d.info[field] ?? d.params[field]).filter((v): v is number => typeof v === 'number');
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  const first = deployments[0]!;
  return {
    model_group: name,
    providers: [...new Set(deployments.map((d) => d.provider))],
    max_input_tokens: first.info.max_input_tokens ?? null,
    max_output_tokens: first.info.max_output_tokens ?? null,
    input_cost_per_token: prices?.input ?? null,
    output_cost_per_token: prices?.output ?? null,
    mode: first.info.mode ?? 'chat',
    tpm: sum('tpm'),
    rpm: sum('rpm'),
    supports_function_calling: first.info['supports_function_calling'] === true,
    supports_vision: first.info['supports_vision'] === true,
    supports_parallel_function_calling: first.info['supports_parallel_function_calling'] === true,
  };
}

/** A stored row as LiteLLM answers it: credentials stay encrypted. */
function storedView(row: StoredModelRecord): Record<string, unknown> {
  return {
    model_id: row.model_id,
    model_name: row.model_name,
    litellm_params: row.litellm_params,
    model_info: row.model_info,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    updated_at: row.updated_at.toISOString(),
    updated_by: row.updated_by,
  };
}

function mergeFields(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else if (v !== undefined) merged[k] = v;
  }
  return merged;
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function clampInt(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = Number(value);
  return value === undefined || !Number.isInteger(n) ? fallback : Math.min(max, Math.max(min, n));
}
