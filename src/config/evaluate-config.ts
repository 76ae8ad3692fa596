/**
 * The loading pipeline, shared by `loadConfig`, `parseConfigText` and `checkConfig`. It runs
 * every step and collects every problem instead of stopping at the first:
 *
 * 1. parse the YAML and merge `include`d files (syntax errors, missing files, cycles);
 * 2. drop settings written with no value;
 * 3. resolve `os.environ/` references in `environment_variables` and write it into `env`;
 * 4. resolve `os.environ/` references everywhere else (missing variables);
 * 5. check and decode against the schema (types; numeric and boolean strings coerced);
 * 6. check rules that span values (duplicate deployment ids, master key prefix);
 * 7. list the settings accepted but not implemented yet, in one warning.
 */
import type { ConfigProblem, SwitchyardConfig } from './config-types.ts';
import { applyEnvironmentVariables } from './apply-environment-variables.ts';
import { checkDeploymentIds, checkMasterKey } from './check-config-rules.ts';
import type { DecodedConfig } from './config-schema.ts';
import { isRecord } from './config-path.ts';
import { dropEmptySettings } from './drop-empty-settings.ts';
import { sortConfigProblems } from './format-config-problem.ts';
import { reportUnimplementedSettings } from './implemented-settings.ts';
import { mergeIncludes, type ReadText } from './merge-includes.ts';
import { ProblemCollector } from './problem-collector.ts';
import { resolveEnvRefs, type EnvRefs } from './resolve-env-refs.ts';
import { validateConfigSchema } from './validate-config-schema.ts';

/** What the pipeline found. */
export interface ConfigEvaluation {
  /** The loaded config; undefined when any problem is an error. */
  config: SwitchyardConfig | undefined;
  /** Every problem, errors and warnings, in file and line order. */
  problems: ConfigProblem[];
  /** Absolute paths of every file read, main file first. */
  files: string[];
}

const SECTION_KEYS = ['model_list', 'litellm_settings', 'router_settings', 'general_settings', 'environment_variables'];

/**
 * Loads the config whose text is `text` (the contents of `file`; includes are read relative
 * to it). Writes `environment_variables` into `env`. Never throws for a bad config.
 */
export async function evaluateConfig(options: {
  text: string;
  file: string;
  env: NodeJS.ProcessEnv;
  readText?: ReadText;
}): Promise<ConfigEvaluation> {
  const { env } = options;
  const merged = await mergeIncludes(options);
  const { source } = merged;
  const collector = new ProblemCollector(source.locate);
  const refs: EnvRefs = new Map();
  const { environment_variables: envSection, ...settings } = dropEmptySettings(source.value);
  const environmentVariables = applyEnvironmentVariables({ section: envSection, env, context: { collector, refs } });
  const resolved = resolveEnvRefs({ value: settings, env, context: { collector, refs } });
  const config = isRecord(resolved) ? resolved : {};
  const decoded = validateConfigSchema({ value: config, collector, refs });
  checkDeploymentIds({ modelList: config['model_list'], collector });
  checkMasterKey({ generalSettings: config['general_settings'], collector });
  reportUnimplementedSettings({ config, collector });
  const problems = sortConfigProblems({ problems: [...merged.problems, ...collector.problems], files: source.files });
  const failed = problems.some((problem) => problem.severity === 'error');
  return {
    config: failed || decoded === undefined ? undefined : toSwitchyardConfig({ decoded, resolved: config, environmentVariables }),
    problems,
    files: source.files,
  };
}

function toSwitchyardConfig(options: {
  decoded: DecodedConfig;
  resolved: Record<string, unknown>;
  environmentVariables: Record<string, string>;
}): SwitchyardConfig {
  const { decoded, resolved } = options;
  const otherSections = Object.fromEntries(Object.entries(resolved).filter(([key]) => !SECTION_KEYS.includes(key)));
  return {
    model_list: decoded.model_list ?? [],
    litellm_settings: decoded.litellm_settings ?? {},
    router_settings: decoded.router_settings ?? {},
    general_settings: decoded.general_settings ?? {},
    environment_variables: options.environmentVariables,
    other_sections: otherSections,
  };
}
