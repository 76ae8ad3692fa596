import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrometheusText, sumOf } from './parse-prometheus-text.ts';

describe('parsePrometheusText', () => {
  test('reads families, escaped label values, histograms and special values', () => {
    const families = parsePrometheusText(
      [
        '# HELP c_total A counter\\nwith a newline',
        '# TYPE c_total counter',
        'c_total{a="x\\"y\\\\z",b="1"} 2',
        'c_total{a="w",b="1"} 3.5 1700000000000',
        '# TYPE h histogram',
        'h_bucket{le="1.0"} 1',
        'h_bucket{le="+Inf"} 2',
        'h_sum 4',
        'h_count 2',
        '# TYPE g gauge',
        'g NaN',
        'g{x="1"} +Inf',
        '',
      ].join('\n'),
    );
    assert.equal(families.get('c_total')?.help, 'A counter\nwith a newline');
    assert.equal(families.get('c_total')?.samples[0]?.labels['a'], 'x"y\\z');
    assert.equal(sumOf(families, 'c_total', { b: '1' }), 5.5);
    assert.equal(families.get('h')?.samples.length, 4);
    assert.equal(families.get('g')?.samples[1]?.value, Infinity);
  });

  test('rejects what Prometheus rejects', () => {
    const bad: Record<string, string> = {
      'missing final newline': '# TYPE a counter\na 1',
      'bad metric name': '# TYPE 1a counter\n',
      'bad label name': '# TYPE a gauge\na{1x="y"} 1\n',
      'bad escape': '# TYPE a gauge\na{x="\\t"} 1\n',
      'unterminated value': '# TYPE a gauge\na{x="y} 1\n',
      'bad value': '# TYPE a gauge\na 1,5\n',
      'duplicate series': '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n',
      'family split in two': '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n',
      'sample of another family': '# TYPE a gauge\nb 1\n',
      'TYPE after samples': '# HELP a x\na 1\n# TYPE a gauge\n',
      'two spaces': '# TYPE a gauge\na  1\n',
      'repeated label': '# TYPE a gauge\na{x="1",x="2"} 1\n',
    };
    for (const [why, text] of Object.entries(bad)) assert.throws(() => parsePrometheusText(text), Error, why);
  });
});
