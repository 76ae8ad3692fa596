/**
 * Paths into the config tree, e.g. `model_list[2].litellm_params.model`. Problems name the
 * setting they are about with one of these, and the YAML locator finds its line with it.
 */

/** One step into the tree: a mapping key or a list index. */
export type PathSegment = string | number;

/** A path from the root of the config, as segments. */
export type ConfigPath = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The path as people read it: `model_list[2].litellm_params.model`. Keys that are not plain
 * identifiers are quoted (`router_settings.model_group_alias["gpt-4.5"]`).
 */
export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else if (PLAIN_KEY.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else {
      text += `[${JSON.stringify(segment)}]`;
    }
  }
  return text;
}

/** Whether `path` starts with every segment of `prefix` (a path is a prefix of itself). */
export function hasPathPrefix(path: ConfigPath, prefix: ConfigPath): boolean {
  if (prefix.length > path.length) {
    return false;
  }
  return prefix.every((segment, index) => path[index] === segment);
}

/**
 * Turns a JSON pointer (`/model_list/0/litellm_params`, as schema validators report it) into
 * path segments, using `root` to tell list indexes from mapping keys.
 */
export function pathFromPointer(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }
  const path: PathSegment[] = [];
  let node: unknown = root;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return path;
}

/** A plain mapping (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
