/**
 * A strict parser for the Prometheus text exposition format (0.0.4), for tests: it rejects
 * anything a Prometheus server would reject (bad names, bad escapes, samples before their
 * TYPE, a family split in two, duplicate series, values that are not floats).
 */

/** One sample line. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One metric family: its TYPE, HELP and samples. */
export interface PromFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string | undefined;
  readonly samples: PromSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parses a whole exposition; throws with the line number on the first problem. */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: PromFamily | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('exposition must end with a newline');
  lines.pop();
  lines.forEach((line, index) => {
    const fail = (message: string): never => {
      throw new Error(`line ${index + 1}: ${message}: ${line}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (match === null) return; // a plain comment
      const [, keyword, name = '', rest = ''] = match;
      if (!METRIC_NAME.test(name)) fail('bad metric name');
      if (current?.name !== name) {
        if (current !== undefined) closed.add(current.name);
        if (closed.has(name)) fail('family appears twice');
        current = families.get(name) ?? { name, type: 'untyped', help: undefined, samples: [] };
        families.set(name, current);
      }
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest)) fail('bad type');
        if (current.samples.length > 0) fail('TYPE after samples');
        (current as { type: string }).type = rest;
      } else {
        current.help = unescapeHelp(rest);
      }
      return;
    }
    const sample = parseSample(line, fail);
    const family = familyOf(sample.name, current);
    if (family === undefined) fail('sample outside its family');
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) fail('duplicate series');
    seen.add(key);
    family?.samples.push(sample);
  });
  return families;
}

function familyOf(name: string, current: PromFamily | undefined): PromFamily | undefined {
  if (current === undefined) return undefined;
  if (name === current.name) return current;
  if (current.type === 'histogram' && [`${current.name}_bucket`, `${current.name}_sum`, `${current.name}_count`].includes(name)) return current;
  if (current.type === 'summary' && [`${current.name}_sum`, `${current.name}_count`].includes(name)) return current;
  return undefined;
}

function parseSample(line: string, fail: (message: string) => never): PromSample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (nameMatch === null) fail('bad sample name');
  const name = nameMatch?.[0] ?? '';
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const labelMatch = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(at));
      if (labelMatch === null || !LABEL_NAME.test(labelMatch[1] ?? '')) fail('bad label');
      const labelName = labelMatch?.[1] ?? '';
      if (labelName in labels) fail('label repeated');
      at += (labelMatch?.[0].length ?? 0);
      let value = '';
      for (;;) {
        const ch = line[at];
        if (ch === undefined) fail('unterminated label value');
        if (ch === '"') break;
        if (ch === '\\') {
          const next = line[at + 1];
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else fail('bad escape in label value');
          at += 2;
          continue;
        }
        value += ch;
        at++;
      }
      labels[labelName] = value;
      at++;
      if (line[at] === ',') at++;
      else if (line[at] !== '}') fail('expected , or }');
    }
    at++;
  }
  const rest = line.slice(at).split(' ');
  if (rest[0] !== '' || rest.length < 2 || rest.length > 3) fail('expected one space, a value and an optional timestamp');
  const value = parseValue(rest[1] ?? '', fail);
  if (rest[2] !== undefined && !/^-?\d+$/.test(rest[2])) fail('bad timestamp');
  return { name, labels, value };
}

function parseValue(text: string, fail: (message: string) => never): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail('bad value');
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(n|\\)/g, (_m, ch: string) => (ch === 'n' ? '\n' : '\\'));
}

/** The samples named `name` whose labels include every pair of `where`. */
export function samplesOf(families: Map<string, PromFamily>, name: string, where: Readonly<Record<string, string>> = {}): PromSample[] {
  const out: PromSample[] = [];
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && Object.entries(where).every(([k, v]) => sample.labels[k] === v)) out.push(sample);
    }
  }
  return out;
}

/** The sum of the samples `samplesOf` finds (0 when none). */
export function sumOf(families: Map<string, PromFamily>, name: string, where: Readonly<Record<string, string>> = {}): number {
  return samplesOf(families, name, where).reduce((total, sample) => total + sample.value, 0);
}
