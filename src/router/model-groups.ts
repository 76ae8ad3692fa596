import type { RouterSettings } from '../config/config-types.ts';
import type { Deployment } from '../spec/deployment.ts';
import { splitProviderModel } from '../providers/provider-registry.ts';

/** A model group the caller asked for: its public name and the deployments that serve it. */
export interface ResolvedGroup {
  /** The group name (`model_name`), or the wildcard pattern that matched. */
  readonly name: string;
  readonly deployments: readonly Deployment[];
}

interface WildcardGroup {
  pattern: string;
  regex: RegExp;
  /** Literal characters in the pattern: more specific patterns are tried first. */
  specificity: number;
  deployments: Deployment[];
}

/**
 * Model groups by public name: exact names, `model_group_alias` entries, then wildcard
 * patterns (`openai/*`, `*`), the most specific first. For a wildcard match each deployment
 * is materialised with the `*` in its `litellm_params.model` replaced by what the caller sent.
 */
export class ModelGroups {
  readonly #exact = new Map<string, ResolvedGroup>();
  readonly #wildcards: WildcardGroup[] = [];
  readonly #aliases = new Map<string, { group: string; hidden: boolean }>();

  constructor(options: { deployments: readonly Deployment[]; aliases?: RouterSettings['model_group_alias'] }) {
    const exact = new Map<string, Deployment[]>();
    for (const d of options.deployments) {
      if (d.modelName.includes('*')) this.#addWildcard(d);
      else exact.set(d.modelName, [...(exact.get(d.modelName) ?? []), d]);
    }
    for (const [name, deployments] of exact) this.#exact.set(name, { name, deployments });
    this.#wildcards.sort((a, b) => b.specificity - a.specificity);
    for (const [alias, target] of Object.entries(options.aliases ?? {})) {
      if (typeof target === 'string') this.#aliases.set(alias, { group: target, hidden: false });
      else this.#aliases.set(alias, { group: target.model, hidden: target.hidden === true });
    }
  }

  /** The group for `model`, or undefined when nothing matches. */
  resolve(model: string): ResolvedGroup | undefined {
    const exact = this.#exact.get(model);
    if (exact !== undefined) return exact;
    const alias = this.#aliases.get(model);
    if (alias !== undefined) return this.#exact.get(alias.group) ?? this.#resolveWildcard(alias.group);
    return this.#resolveWildcard(model);
  }

  /** Names a caller may use, for `/v1/models` and error messages (hidden aliases left out). */
  publicNames(options: { includeWildcards?: boolean } = {}): string[] {
    const names = [...this.#exact.keys()];
    for (const [alias, { hidden }] of this.#aliases) if (!hidden && !this.#exact.has(alias)) names.push(alias);
    if (options.includeWildcards === true) for (const w of this.#wildcards) names.push(w.pattern);
    return names;
  }

  /** The deployments behind a public name, for `/v1/models/{id}` (owned_by). */
  firstDeployment(name: string): Deployment | undefined {
    return this.resolve(name)?.deployments[0];
  }

  #addWildcard(d: Deployment): void {
    let group = this.#wildcards.find((w) => w.pattern === d.modelName);
    if (group === undefined) {
      const source = d.modelName.split('*').map(escapeRegex).join('(.*)');
      group = { pattern: d.modelName, regex: new RegExp(`^${source}$`), specificity: d.modelName.replaceAll('*', '').length, deployments: [] };
      this.#wildcards.push(group);
    }
    group.deployments.push(d);
  }

  #resolveWildcard(model: string): ResolvedGroup | undefined {
    for (const w of this.#wildcards) {
      const match = w.regex.exec(model);
      if (match === null) continue;
      const captures = match.slice(1);
      return { name: w.pattern, deployments: w.deployments.map((d) => materialise(d, captures)) };
    }
    return undefined;
  }
}

function materialise(d: Deployment, captures: readonly string[]): Deployment {
  if (!d.params.model.includes('*')) return d;
  let i = 0;
  const model = d.params.model.replace(/\*/g, () => captures[i++] ?? '');
  const { provider, providerModel } = splitProviderModel(model);
  return { ...d, provider, providerModel, params: { ...d.params, model } };
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
