/**
 * Parses one YAML file into plain data while keeping its syntax tree, so any setting can be
 * traced back to its line.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigProblem } from './config-types.ts';
import { formatPath, type ConfigPath, type PathSegment } from './config-path.ts';
import type { Locate, SourceLocation } from './problem-collector.ts';
import { CONFIG_YAML_OPTIONS } from './yaml-dialect.ts';

/** One parsed YAML file. */
export interface YamlSource {
  /** Absolute path of the file. */
  file: string;
  /** The document as plain data (`null` when empty or unreadable). */
  value: unknown;
  /** Finds the line of a setting in this file. */
  locate: Locate;
  /** Syntax errors (severity error); YAML warnings such as unknown tags, and repeated keys (warnings). */
  problems: ConfigProblem[];
}

/** Most aliases one document may expand, against "billion laughs" files. */
const MAX_ALIAS_COUNT = 1000;

/** Parses `text` (the contents of `file`). Never throws: syntax errors become problems. */
export function parseYamlSource(options: { text: string; file: string }): YamlSource {
  const { text, file } = options;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...CONFIG_YAML_OPTIONS, lineCounter });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const locate: Locate = (path) => locateInDocument({ doc, lineAt, path, file });
  const problems: ConfigProblem[] = [];
  for (const error of doc.errors) {
    problems.push({
      path: '',
      message: `YAML syntax error: ${firstLine(error.message)}`,
      severity: 'error',
      file,
      line: lineAt(error.pos[0]),
    });
  }
  if (problems.length > 0) {
    return { file, value: null, locate, problems };
  }
  for (const warning of doc.warnings) {
    problems.push({ path: '', message: `YAML: ${firstLine(warning.message)}`, severity: 'warning', file, line: lineAt(warning.pos[0]) });
  }
  problems.push(...findRepeatedKeys({ node: doc.contents, path: [], file, lineAt }));
  try {
    return { file, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locate, problems };
  } catch (error) {
    const message = error instanceof Error ? firstLine(error.message) : String(error);
    problems.push({ path: '', message: `YAML error: ${message}`, severity: 'error', file });
    return { file, value: null, locate, problems };
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]?.trim() ?? message;
}

function locateInDocument(options: {
  doc: Document.Parsed;
  lineAt: (offset: number) => number;
  path: ConfigPath;
  file: string;
}): SourceLocation {
  const { doc, lineAt, path, file } = options;
  const lineOf = (node: unknown): number | undefined =>
    isNode(node) && node.range ? lineAt(node.range[0]) : undefined;
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of path) {
    const step = stepInto({ node: isAlias(node) ? node.resolve(doc) : node, segment });
    if (step === undefined) {
      break;
    }
    line = lineOf(step.marker) ?? line;
    node = step.child;
  }
  return line === undefined ? { file, path } : { file, line, path };
}

/** The child at `segment`, and the node whose line marks it (the key, for mapping entries). */
function stepInto(options: { node: unknown; segment: PathSegment }): { child: unknown; marker: unknown } | undefined {
  const { node, segment } = options;
  if (isMap(node)) {
    const pair = node.items.findLast((item) => isScalar(item.key) && String(item.key.value) === String(segment));
    return pair === undefined ? undefined : { child: pair.value, marker: pair.key };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item: unknown = node.items[segment];
    return item === undefined ? undefined : { child: item, marker: item };
  }
  return undefined;
}

function findRepeatedKeys(options: {
  node: unknown;
  path: PathSegment[];
  file: string;
  lineAt: (offset: number) => number;
}): ConfigProblem[] {
  const { node, path } = options;
  const problems: ConfigProblem[] = [];
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      problems.push(...findRepeatedKeys({ ...options, node: item, path: [...path, index] }));
    });
  }
  if (!isMap(node)) {
    return problems;
  }
  const seen = new Set<string>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || key === '<<') {
      continue;
    }
    if (seen.has(key) && isNode(pair.key) && pair.key.range) {
      problems.push({
        path: formatPath([...path, key]),
        message: 'defined more than once in the same mapping; the last one is used',
        severity: 'warning',
        file: options.file,
        line: options.lineAt(pair.key.range[0]),
      });
    }
    seen.add(key);
    problems.push(...findRepeatedKeys({ ...options, node: pair.value, path: [...path, key] }));
  }
  return problems;
}
