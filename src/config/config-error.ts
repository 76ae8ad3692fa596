/**
 * Thrown when a config cannot be loaded. It carries every problem found (errors and warnings),
 * and its message lists them, one line each.
 */
import type { ConfigProblem } from './config-types.ts';
import { countLabel, formatConfigProblem } from './format-config-problem.ts';

/** A config that did not load, with all of its problems. */
export class ConfigError extends Error {
  /** Every problem found, errors and warnings, in file and line order. */
  readonly problems: ConfigProblem[];

  /** `file` is the main config file; problem files are shown relative to its folder. */
  constructor(options: { problems: ConfigProblem[]; file: string }) {
    const { problems, file } = options;
    const errors = problems.filter((problem) => problem.severity === 'error').length;
    const lines = problems.map((problem) => `  ${formatConfigProblem({ problem, mainFile: file })}`);
    super([`invalid config ${file}: ${countLabel(errors, 'error')}`, ...lines].join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
