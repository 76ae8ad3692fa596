/**
 * Problem lines as check-config prints them and ConfigError's message lists them:
 * `error   config.yaml:12  model_list[0].litellm_params.rpm: expected a number, got "abc"`.
 */
import { dirname, relative } from 'node:path';
import type { ConfigProblem } from './config-types.ts';

const SEVERITY_WIDTH = 8;

/** One problem as a line; files are shown relative to the main config file's folder. */
export function formatConfigProblem(options: { problem: ConfigProblem; mainFile: string }): string {
  const { problem, mainFile } = options;
  const file = problem.file === undefined ? '' : relative(dirname(mainFile), problem.file) || problem.file;
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  const what = problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
  return `${problem.severity.padEnd(SEVERITY_WIDTH)}${where}  ${what}`;
}

/**
 * Problems in reading order: by file (the order files were read, main file first), then by
 * line; problems without a line come last in their file. Ties keep the order found.
 */
export function sortConfigProblems(options: { problems: readonly ConfigProblem[]; files: readonly string[] }): ConfigProblem[] {
  const rank = (problem: ConfigProblem): number => {
    const index = problem.file === undefined ? -1 : options.files.indexOf(problem.file);
    return index === -1 ? options.files.length : index;
  };
  return [...options.problems].sort(
    (a, b) => rank(a) - rank(b) || (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
  );
}

/** `1 error`, `2 warnings`. */
export function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
