import type { ModelEntry } from '../config/config-types.ts';
import { evaluateConfig } from '../config/evaluate-config.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { ModelRepository, StoredModelRecord } from '../storage/model-repository.ts';
import type { ModelCatalog } from './model-catalog.ts';
import type { ModelSecrets } from './model-secrets.ts';

/** How often every replica re-reads the stored model list (seconds), unless SWITCHYARD_MODEL_SYNC_SECONDS says otherwise. */
export const DEFAULT_MODEL_SYNC_SECONDS = 2;

/**
 * A `model_list` entry checked exactly as the config file's are (types, numeric strings,
 * `os.environ/` references), or the problems found, each naming its field.
 */
export async function parseModelEntry(raw: unknown, env: NodeJS.ProcessEnv): Promise<{ entry: ModelEntry } | { problems: string[] }> {
  // A copy: an entry has no environment_variables section, but the pipeline may write one into env.
  const evaluation = await evaluateConfig({ text: JSON.stringify({ model_list: [raw] }), file: 'stored-model.json', env: { ...env } });
  const entry = evaluation.config?.model_list[0];
  if (entry !== undefined) return { entry };
  const problems = evaluation.problems.filter((p) => p.severity === 'error').map((p) => `${p.path.replace(/^model_list\[0\]\.?/, '') || 'model'}: ${p.message}`);
  return { problems: problems.length > 0 ? problems : ['not a model entry'] };
}

/**
 * Keeps the catalog's stored models equal to the database's: read at start, after this
 * replica's own writes, and every few seconds (so a model added through any replica is served
 * by all of them without a restart). Reads compare the rows' ids and update times first and
 * rebuild only on a change. A model that cannot be decrypted or no longer validates is left
 * out with one error log line naming it (never its values).
 */
export class StoredModels {
  readonly #repo: ModelRepository;
  readonly #secrets: ModelSecrets;
  readonly #catalog: ModelCatalog;
  readonly #log: FastifyBaseLogger;
  readonly #env: NodeJS.ProcessEnv;
  readonly #intervalMs: number;
  #fingerprint: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(options: { repo: ModelRepository; secrets: ModelSecrets; catalog: ModelCatalog; log: FastifyBaseLogger; env?: NodeJS.ProcessEnv; intervalSeconds?: number }) {
    this.#repo = options.repo;
    this.#secrets = options.secrets;
    this.#catalog = options.catalog;
    this.#log = options.log;
    this.#env = options.env ?? process.env;
    this.#intervalMs = (options.intervalSeconds ?? DEFAULT_MODEL_SYNC_SECONDS) * 1000;
  }

  /** Loads the stored models now, then re-reads them in the background. */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.#log.warn({ err: String(error) }, 'could not read stored models; serving the last list read'));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Re-reads the stored models (one read at a time; a call during a read waits for a fresh one). */
  async refresh(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#readOnce();
        } while (this.#again);
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  async #readOnce(): Promise<void> {
    const rows = await this.#repo.listAll();
    const fingerprint = rows.map((r) => `${r.model_id}@${r.updated_at.toISOString()}`).join(',');
    if (fingerprint === this.#fingerprint) return;
    const entries: ModelEntry[] = [];
    for (const row of rows) {
      const entry = await this.#decode(row);
      if (entry !== undefined) entries.push(entry);
    }
    this.#fingerprint = fingerprint;
    this.#catalog.replaceStoredModels(entries);
  }

  /** A stored row → the model entry it serves, with its id; undefined (logged) when unusable. */
  async #decode(row: StoredModelRecord): Promise<ModelEntry | undefined> {
    const { params, undecrypted } = this.#secrets.decryptParams(row.litellm_params);
    if (undecrypted.length > 0) {
      this.#log.error({ model_id: row.model_id, fields: undecrypted }, 'stored model left out: its litellm_params do not decrypt (did LITELLM_SALT_KEY or the master key change?)');
      return undefined;
    }
    const parsed = await parseModelEntry({ model_name: row.model_name, litellm_params: params, model_info: { ...row.model_info, id: row.model_id, db_model: true } }, this.#env);
    if ('problems' in parsed) {
      this.#log.error({ model_id: row.model_id, problems: parsed.problems }, 'stored model left out: it is not a valid model entry');
      return undefined;
    }
    return parsed.entry;
  }
}
