/**
 * `include:` — merges other YAML files into the config. Paths are relative to the file that
 * names them; included files may include others. Lists (`model_list`) are appended; mapping
 * sections (`litellm_settings`, …) are merged key by key; when both files define the same key,
 * the including file wins and a warning names the key (earlier includes likewise win over
 * later ones). Cycles and missing files are errors.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { ConfigProblem } from './config-types.ts';
import { hasPathPrefix, isRecord, type ConfigPath, type PathSegment } from './config-path.ts';
import { parseYamlSource } from './parse-yaml-source.ts';
import { ProblemCollector, type Locate } from './problem-collector.ts';

/** The main file with every include merged in. */
export interface MergedConfigSource {
  /** Top-level settings of all files together, without `include`. */
  value: Record<string, unknown>;
  /** Finds the file and line a merged setting came from. */
  locate: Locate;
  /** Absolute paths of every file read: the main file first, then includes in load order. */
  files: string[];
}

/** Reads a file's text; injectable for tests. */
export type ReadText = (file: string) => Promise<string>;

/** Part of the merged tree that came from another file. */
interface Redirect {
  /** Where it sits in the merged tree. */
  prefix: PathSegment[];
  /** Where it sat in the file it came from. */
  sourcePrefix: PathSegment[];
  locate: Locate;
}

interface LoadedTree {
  value: Record<string, unknown>;
  redirects: Redirect[];
  locate: Locate;
}

interface LoadState {
  readText: ReadText;
  mainDir: string;
  problems: ConfigProblem[];
  files: string[];
}

/**
 * Parses the main file's `text` and merges its includes, recursively. Never throws: problems
 * (syntax errors, missing files, cycles, conflicting keys) are returned with their lines.
 */
export async function mergeIncludes(options: {
  text: string;
  file: string;
  readText?: ReadText;
}): Promise<{ source: MergedConfigSource; problems: ConfigProblem[] }> {
  const file = resolve(options.file);
  const state: LoadState = {
    readText: options.readText ?? ((path) => readFile(path, 'utf8')),
    mainDir: dirname(file),
    problems: [],
    files: [file],
  };
  const tree = await loadTree({ text: options.text, stack: [file], state });
  const fallback: Locate = () => ({ file });
  const source = tree === undefined
    ? { value: {}, locate: fallback, files: state.files }
    : { value: tree.value, locate: tree.locate, files: state.files };
  return { source, problems: state.problems };
}

async function loadTree(options: { text: string; stack: string[]; state: LoadState }): Promise<LoadedTree | undefined> {
  const { stack, state } = options;
  const file = stack.at(-1) ?? '';
  const parsed = parseYamlSource({ text: options.text, file });
  state.problems.push(...parsed.problems);
  const collector = new ProblemCollector(parsed.locate);
  const value = parsed.value ?? {};
  if (!isRecord(value)) {
    collector.error([], 'the file must be a mapping of settings (model_list, litellm_settings, …)');
    state.problems.push(...collector.problems);
    return undefined;
  }
  const { include, ...settings } = structuredClone(value);
  const tree = createTree({ value: settings, locate: parsed.locate });
  for (const [index, entry] of readIncludeList({ include, collector }).entries()) {
    if (entry === undefined) {
      continue;
    }
    const child = await loadInclude({ entry: { path: entry, at: ['include', index] }, stack, state, collector });
    if (child !== undefined) {
      mergeTree({ into: tree, from: child, state });
    }
  }
  state.problems.push(...collector.problems);
  return tree;
}

function createTree(options: { value: Record<string, unknown>; locate: Locate }): LoadedTree {
  const redirects: Redirect[] = [];
  const locate: Locate = (path) => {
    let best: Redirect | undefined;
    for (const redirect of redirects) {
      if (hasPathPrefix(path, redirect.prefix) && redirect.prefix.length > (best?.prefix.length ?? -1)) {
        best = redirect;
      }
    }
    if (best === undefined) {
      return options.locate(path);
    }
    return best.locate([...best.sourcePrefix, ...path.slice(best.prefix.length)]);
  };
  return { value: options.value, redirects, locate };
}

/** The include paths, one per list position (`undefined` where the entry is invalid). */
function readIncludeList(options: { include: unknown; collector: ProblemCollector }): (string | undefined)[] {
  const { include, collector } = options;
  if (include === undefined || include === null) {
    return [];
  }
  if (!Array.isArray(include)) {
    collector.error(['include'], 'expected a list of file paths');
    return [];
  }
  return include.map((entry: unknown, index) => {
    if (typeof entry === 'string' && entry.trim() !== '') {
      return entry;
    }
    collector.error(['include', index], 'expected a file path');
    return undefined;
  });
}

async function loadInclude(options: {
  entry: { path: string; at: ConfigPath };
  stack: string[];
  state: LoadState;
  collector: ProblemCollector;
}): Promise<LoadedTree | undefined> {
  const { entry, stack, state, collector } = options;
  const file = resolve(dirname(stack.at(-1) ?? ''), entry.path);
  const show = (path: string): string => relative(state.mainDir, path) || path;
  if (stack.includes(file)) {
    collector.error(entry.at, `include cycle: ${[...stack, file].map(show).join(' → ')}`);
    return undefined;
  }
  if (state.files.includes(file)) {
    collector.warning(entry.at, `${show(file)} is already included; skipped this time`);
    return undefined;
  }
  let text: string;
  try {
    text = await state.readText(file);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    const reason = code === 'ENOENT' ? 'included file not found' : `cannot read included file (${code})`;
    collector.error(entry.at, `${reason}: ${entry.path} (${file})`);
    return undefined;
  }
  state.files.push(file);
  return loadTree({ text, stack: [...stack, file], state });
}

/** Merges an included file's settings into the including one; the including one wins. */
function mergeTree(options: { into: LoadedTree; from: LoadedTree; state: LoadState }): void {
  const { into, from, state } = options;
  const conflicts = new ProblemCollector(from.locate);
  const show = (path: ConfigPath): string => relative(state.mainDir, into.locate(path).file) || 'the main file';
  const redirect = (prefix: PathSegment[], sourcePrefix: PathSegment[] = prefix): void => {
    into.redirects.push({ prefix, sourcePrefix, locate: from.locate });
  };
  for (const [key, value] of Object.entries(from.value)) {
    const current = into.value[key];
    if (value === null || value === undefined) {
      continue;
    }
    if (current === null || current === undefined) {
      into.value[key] = value;
      redirect([key]);
    } else if (Array.isArray(current) && Array.isArray(value)) {
      const list: unknown[] = current;
      value.forEach((item: unknown, index) => {
        redirect([key, list.length], [key, index]);
        list.push(item);
      });
    } else if (isRecord(current) && isRecord(value)) {
      for (const [innerKey, innerValue] of Object.entries(value)) {
        if (current[innerKey] === undefined || current[innerKey] === null) {
          current[innerKey] = innerValue;
          redirect([key, innerKey]);
        } else {
          conflicts.warning([key, innerKey], `also defined in ${show([key, innerKey])}, whose value is used`);
        }
      }
    } else {
      conflicts.warning([key], `also defined in ${show([key])}, whose value is used`);
    }
  }
  state.problems.push(...conflicts.problems);
}
