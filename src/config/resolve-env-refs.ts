/**
 * `os.environ/VAR_NAME` references: any string value of that form, at any depth (lists
 * included), is replaced by the environment variable's value. A variable that is not set is an
 * error naming the variable and the setting. Messages never contain a variable's value.
 */
import { formatPath, isRecord, type ConfigPath } from './config-path.ts';
import type { ProblemCollector } from './problem-collector.ts';

/** The prefix LiteLLM uses to point a setting at an environment variable. */
export const ENV_REF_PREFIX = 'os.environ/';

/** A setting whose value was an `os.environ/` reference. */
export interface EnvRef {
  /** The variable's name. */
  name: string;
  /** False when the variable was not set (the setting keeps its `os.environ/…` text). */
  resolved: boolean;
}

/** References found while resolving, keyed by the formatted path of the setting. */
export type EnvRefs = Map<string, EnvRef>;

/**
 * Returns a copy of `value` with every `os.environ/NAME` string replaced by `env[NAME]`, and
 * records each reference in `refs` (so later messages can avoid echoing secret values).
 */
export function resolveEnvRefs(options: {
  value: unknown;
  env: NodeJS.ProcessEnv;
  context: { collector: ProblemCollector; refs: EnvRefs; path?: ConfigPath };
}): unknown {
  const { value, env, context } = options;
  const path = context.path ?? [];
  if (typeof value === 'string') {
    return value.startsWith(ENV_REF_PREFIX) ? resolveOne({ text: value, env, context: { ...context, path } }) : value;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) =>
      resolveEnvRefs({ value: item, env, context: { ...context, path: [...path, index] } }),
    );
  }
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = resolveEnvRefs({ value: item, env, context: { ...context, path: [...path, key] } });
    }
    return copy;
  }
  return value;
}

function resolveOne(options: {
  text: string;
  env: NodeJS.ProcessEnv;
  context: { collector: ProblemCollector; refs: EnvRefs; path: ConfigPath };
}): string {
  const { text, env, context } = options;
  const name = text.slice(ENV_REF_PREFIX.length);
  const resolved = name === '' ? undefined : env[name];
  context.refs.set(formatPath(context.path), { name, resolved: resolved !== undefined });
  if (name === '') {
    context.collector.error(context.path, `"${ENV_REF_PREFIX}" needs a variable name after it`);
  } else if (resolved === undefined) {
    context.collector.error(context.path, `environment variable ${name} is not set (${text})`);
  }
  return resolved ?? text;
}
