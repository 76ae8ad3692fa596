/**
 * `switchyard check-config FILE`: loads a config without starting anything and reports every
 * problem, one line each, then a summary line.
 */
import { resolve } from 'node:path';
import type { ConfigProblem, SwitchyardConfig } from './config-types.ts';
import { evaluateConfig } from './evaluate-config.ts';
import { countLabel, formatConfigProblem } from './format-config-problem.ts';
import { readConfigText } from './load-config.ts';

/** What check-config found. */
export interface ConfigCheck {
  /** True when there is no error (warnings are allowed). */
  ok: boolean;
  /** Every problem, in file and line order. */
  problems: ConfigProblem[];
  /** The text the CLI prints: one line per problem, then a summary line (no trailing newline). */
  report: string;
}

/**
 * Checks the config file at `path`. `env` (default `process.env`) is only read: the config's
 * `environment_variables` are applied to a copy, so checking has no side effects.
 */
export async function checkConfig(options: { path: string; env?: NodeJS.ProcessEnv }): Promise<ConfigCheck> {
  const file = resolve(options.path);
  const env = { ...(options.env ?? process.env) };
  const text = await readConfigText(file);
  const evaluation = typeof text === 'string'
    ? await evaluateConfig({ text, file, env })
    : { config: undefined, problems: [text], files: [file] };
  const { problems } = evaluation;
  const ok = !problems.some((problem) => problem.severity === 'error');
  const lines = problems.map((problem) => formatConfigProblem({ problem, mainFile: file }));
  lines.push(summarize({ problems, config: evaluation.config }));
  return { ok, problems, report: lines.join('\n') };
}

/** `config OK: 3 models in 2 groups, 1 warning` or `config invalid: 2 errors, 1 warning`. */
function summarize(options: { problems: ConfigProblem[]; config: SwitchyardConfig | undefined }): string {
  const errors = options.problems.filter((problem) => problem.severity === 'error').length;
  const warnings = options.problems.length - errors;
  const warningPart = warnings > 0 ? `, ${countLabel(warnings, 'warning')}` : '';
  if (errors > 0 || options.config === undefined) {
    return `config invalid: ${countLabel(errors, 'error')}${warningPart}`;
  }
  const models = options.config.model_list;
  const groups = new Set(models.map((entry) => entry.model_name)).size;
  return `config OK: ${countLabel(models.length, 'model')} in ${countLabel(groups, 'group')}${warningPart}`;
}
