/**
 * `environment_variables: {NAME: value}` — variables the config provides to the process (and
 * to its own `os.environ/` references). As in LiteLLM, a variable that is already set in the
 * environment keeps its value; the config's value only fills in variables that are missing.
 */
import { formatPath, isRecord } from './config-path.ts';
import type { ProblemCollector } from './problem-collector.ts';
import { resolveEnvRefs, type EnvRefs } from './resolve-env-refs.ts';

/**
 * Resolves the section's own `os.environ/` references (recorded in `refs`), validates it and
 * writes its variables into `env`: those not already set, and never one whose reference could
 * not be resolved.
 * Returns the section as strings: numbers as written, booleans as `True`/`False` (what
 * LiteLLM's Python `str()` gives).
 */
export function applyEnvironmentVariables(options: {
  section: unknown;
  env: NodeJS.ProcessEnv;
  context: { collector: ProblemCollector; refs: EnvRefs };
}): Record<string, string> {
  const { env } = options;
  const { collector, refs } = options.context;
  const path = ['environment_variables'];
  const section = resolveEnvRefs({ value: options.section, env, context: { collector, refs, path } });
  const variables: Record<string, string> = {};
  if (section === undefined || section === null) {
    return variables;
  }
  if (!isRecord(section)) {
    collector.error(path, 'expected a mapping of NAME: value');
    return variables;
  }
  for (const [name, value] of Object.entries(section)) {
    const text = toEnvText(value);
    if (text === undefined) {
      collector.error([...path, name], 'expected a string, number or boolean');
      continue;
    }
    if (refs.get(formatPath([...path, name]))?.resolved === false) {
      continue;
    }
    variables[name] = text;
    if (env[name] === undefined) {
      env[name] = text;
    }
  }
  return variables;
}

function toEnvText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  return undefined;
}
