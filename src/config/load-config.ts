/**
 * Loads LiteLLM's config.yaml: the entry point the CLI, the server and hot reload call.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ConfigProblem, LoadedConfig } from './config-types.ts';
import { ConfigError } from './config-error.ts';
import { evaluateConfig } from './evaluate-config.ts';

/**
 * Reads and loads the config file at `path`. `environment_variables` from the config are
 * written into `env` (default `process.env`) for variables that are not already set, before
 * `os.environ/` references are resolved against it.
 *
 * @throws ConfigError listing every problem, when any problem is an error (including a file
 * that cannot be read). Warnings alone do not throw; they are returned.
 */
export async function loadConfig(options: { path: string; env?: NodeJS.ProcessEnv }): Promise<LoadedConfig> {
  const file = resolve(options.path);
  const text = await readConfigText(file);
  if (typeof text !== 'string') {
    throw new ConfigError({ problems: [text], file });
  }
  return parseConfigText({ text, file, env: options.env });
}

/**
 * Loads a config from its text, as if read from `file` (whose folder `include` paths are
 * relative to; included files are read from disk, which is why this is async). Used by tests
 * and by hot reload. Same `env` handling and errors as `loadConfig`.
 */
export async function parseConfigText(options: {
  text: string;
  file: string;
  env?: NodeJS.ProcessEnv | undefined;
}): Promise<LoadedConfig> {
  const file = resolve(options.file);
  const evaluation = await evaluateConfig({ text: options.text, file, env: options.env ?? process.env });
  if (evaluation.config === undefined) {
    throw new ConfigError({ problems: evaluation.problems, file });
  }
  return {
    config: evaluation.config,
    warnings: evaluation.problems.filter((problem) => problem.severity === 'warning'),
    path: file,
    files: evaluation.files,
  };
}

/** The file's text, or the problem that stopped it being read. */
export async function readConfigText(file: string): Promise<string | ConfigProblem> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    const reason = code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code})`;
    return { path: '', message: `${reason}: ${file}`, severity: 'error', file };
  }
}
