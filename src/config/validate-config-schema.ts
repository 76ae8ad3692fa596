/**
 * Runs the compiled config schema and turns its findings into problems people can act on:
 * `model_list[0].litellm_params.rpm: expected a number, got "abc"`, one per wrong setting.
 */
import { Settings } from 'typebox/system';
import { configValidator, ConfigSchema, type DecodedConfig } from './config-schema.ts';
import { formatPath, isRecord, pathFromPointer } from './config-path.ts';
import { describeValue } from './describe-value.ts';
import type { ProblemCollector } from './problem-collector.ts';
import type { EnvRefs } from './resolve-env-refs.ts';

type ValidationError = ReturnType<typeof configValidator.Errors>[number];

/**
 * Most schema errors gathered for one config. TypeBox stops at 8 by default (a global
 * setting); a failed number field alone yields 3, so a config check raises it for its own call.
 */
const MAX_SCHEMA_ERRORS = 1000;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'an empty value',
};

/**
 * Validates and decodes `value` (numeric strings become numbers, `"True"` becomes true).
 * Returns undefined, after recording every problem, when it does not match the schema.
 * Settings whose `os.environ/` variable was missing are skipped (already reported).
 */
export function validateConfigSchema(options: {
  value: Record<string, unknown>;
  collector: ProblemCollector;
  refs: EnvRefs;
}): DecodedConfig | undefined {
  const { value } = options;
  if (configValidator.Check(value)) {
    return configValidator.Decode(value);
  }
  const errors = gatherErrors(value);
  const failedUnions = errors.filter((error) => error.keyword === 'anyOf');
  const reported = new Set<string>();
  for (const error of errors) {
    if (isUnionBranchDetail({ error, failedUnions })) {
      continue;
    }
    for (const problem of describeError({ error, root: value, refs: options.refs })) {
      const key = `${formatPath(problem.path)}\n${problem.message}`;
      if (!reported.has(key)) {
        reported.add(key);
        options.collector.error(problem.path, problem.message);
      }
    }
  }
  if (errors.length >= MAX_SCHEMA_ERRORS) {
    options.collector.error([], `stopped after ${MAX_SCHEMA_ERRORS} schema errors; fix these and check again`);
  }
  return undefined;
}

/** All schema errors, raising TypeBox's global error cap for this call only. */
function gatherErrors(value: unknown): ValidationError[] {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_SCHEMA_ERRORS });
  try {
    return configValidator.Errors(value);
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

/** Why one branch of a failed union did not match: noise next to the union's own message. */
function isUnionBranchDetail(options: { error: ValidationError; failedUnions: ValidationError[] }): boolean {
  const { error } = options;
  return options.failedUnions.some(
    (union) =>
      error !== union &&
      error.schemaPath.startsWith(`${union.schemaPath}/`) &&
      error.instancePath.startsWith(union.instancePath),
  );
}

function describeError(options: {
  error: ValidationError;
  root: Record<string, unknown>;
  refs: EnvRefs;
}): { path: (string | number)[]; message: string }[] {
  const { error, root, refs } = options;
  const path = pathFromPointer(error.instancePath, root);
  const envRef = refs.get(formatPath(path));
  if (envRef?.resolved === false) {
    return [];
  }
  const got = (): string => describeValue({ value: valueAt({ root, path }), path, envRef });
  switch (error.keyword) {
    case 'required':
      return error.params.requiredProperties.map((property) => ({ path: [...path, property], message: 'is required' }));
    case 'anyOf':
      return [{ path, message: `expected ${expectedAt(error.schemaPath) ?? 'another kind of value'}, got ${got()}` }];
    case 'type': {
      const type = String(error.params.type);
      return [{ path, message: `expected ${TYPE_NAMES[type] ?? type}, got ${got()}` }];
    }
    case 'minLength':
      return [{ path, message: 'must not be empty' }];
    default:
      return [{ path, message: error.message }];
  }
}

function valueAt(options: { root: unknown; path: readonly (string | number)[] }): unknown {
  let node: unknown = options.root;
  for (const segment of options.path) {
    if (Array.isArray(node) && typeof segment === 'number') {
      node = node[segment];
    } else if (isRecord(node)) {
      node = node[String(segment)];
    } else {
      return undefined;
    }
  }
  return node;
}

/** The `expected` description of the schema at a `#/…` schema path. */
function expectedAt(schemaPath: string): string | undefined {
  let node: unknown = ConfigSchema;
  for (const token of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (token === '') {
      continue;
    }
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    node = Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[key] : undefined;
  }
  const expected = isRecord(node) ? node['expected'] : undefined;
  return typeof expected === 'string' ? expected : undefined;
}
