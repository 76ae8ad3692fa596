import type { ModelEntry, RouterSettings } from '../config/config-types.ts';
import { buildDeployments } from '../router/build-deployments.ts';
import { ModelGroups } from '../router/model-groups.ts';
import type { Deployment } from '../spec/deployment.ts';

/** The models being served at one moment: deployments and the groups built from them. */
export interface ModelSet {
  readonly deployments: readonly Deployment[];
  readonly groups: ModelGroups;
}

export type ModelSetListener = (models: ModelSet) => void;

/**
 * The live model list: the config file's `model_list` (replaced on config reload) followed by
 * the models stored in the database (`STORE_MODEL_IN_DB`, replaced when the stored list
 * changes). Every change builds a new deployment list and group index and swaps it in at once,
 * so a request sees either the old models or the new ones, never a mix; requests in flight keep
 * the deployment they resolved.
 *
 * `owns` answers for every deployment this catalog has ever served, so the call-complete events
 * of a request that started before a swap are still recognised as this app's.
 */
export class ModelCatalog implements ModelSet {
  #configEntries: readonly ModelEntry[];
  #storedEntries: readonly ModelEntry[] = [];
  #aliases: RouterSettings['model_group_alias'];
  #current: ModelSet;
  #warnings: string[] = [];
  #storedIds = new Set<string>();
  readonly #everServed = new WeakSet<Deployment>();
  readonly #everIds = new Set<string>();
  readonly #listeners = new Set<ModelSetListener>();

  constructor(options: { configModels: readonly ModelEntry[]; aliases?: RouterSettings['model_group_alias'] }) {
    this.#configEntries = options.configModels;
    this.#aliases = options.aliases;
    this.#current = this.#build();
  }

  get deployments(): readonly Deployment[] {
    return this.#current.deployments;
  }

  get groups(): ModelGroups {
    return this.#current.groups;
  }

  /** Warnings of the latest build (unserved providers, stored models shadowed by config ids, …). */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** Whether a deployment id belongs to a model stored in the database (editable through the API). */
  isStored(id: string): boolean {
    return this.#storedIds.has(id);
  }

  /** Whether this catalog served `deployment` at any time. */
  owns(deployment: object): boolean {
    return this.#everServed.has(deployment as Deployment);
  }

  /** Whether this catalog served a deployment with this id at any time. */
  ownsId(id: string): boolean {
    return this.#everIds.has(id);
  }

  /** The config file's models and aliases changed (config reload). */
  replaceConfigModels(entries: readonly ModelEntry[], aliases: RouterSettings['model_group_alias']): void {
    this.#configEntries = entries;
    this.#aliases = aliases;
    this.#swap();
  }

  /** The stored models changed. */
  replaceStoredModels(entries: readonly ModelEntry[]): void {
    this.#storedEntries = entries;
    this.#swap();
  }

  onChange(listener: ModelSetListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #swap(): void {
    this.#current = this.#build();
    for (const listener of this.#listeners) listener(this.#current);
  }

  #build(): ModelSet {
    const fromConfig = buildDeployments(this.#configEntries);
    const fromDb = buildDeployments(this.#storedEntries);
    const configIds = new Set(fromConfig.deployments.map((d) => d.id));
    const warnings = [...fromConfig.warnings, ...fromDb.warnings.map((w) => w.replace(/^model_list\[\d+\]/, 'stored model'))];
    const stored = fromDb.deployments.filter((d) => {
      if (!configIds.has(d.id)) return true;
      warnings.push(`stored model ${d.id} (${d.modelName}) has the id of a config model; the config's wins`);
      return false;
    });
    const deployments = [...fromConfig.deployments, ...stored];
    this.#storedIds = new Set(stored.map((d) => d.id));
    for (const d of deployments) {
      this.#everServed.add(d);
      this.#everIds.add(d.id);
    }
    this.#warnings = warnings;
    return { deployments, groups: new ModelGroups({ deployments, aliases: this.#aliases }) };
  }
}
