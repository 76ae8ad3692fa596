import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Deployment, LitellmParams } from '../spec/deployment.ts';
import { simpleShuffle } from './simple-shuffle.ts';

function deployment(id: string, params: Partial<LitellmParams> = {}): Deployment {
  return { id, modelName: 'g', provider: 'openai', providerModel: 'm', params: { model: 'openai/m', ...params }, info: {} };
}

/** mulberry32: a small seeded PRNG with outputs in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fixed = (value: number): (() => number) => () => value;
const TOP = 1 - 2 ** -53;

describe('simpleShuffle', () => {
  test('no deployments → undefined; one → that one, without drawing', () => {
    const never = (): number => assert.fail('random() must not be called');
    assert.equal(simpleShuffle([], never), undefined);
    const only = deployment('only', { weight: 0 });
    assert.equal(simpleShuffle([only], never), only);
  });

  const a = deployment('a', { weight: 1, rpm: 900, tpm: 1 });
  const b = deployment('b', { weight: 3, rpm: 100, tpm: 1 });
  const cases: { name: string; deployments: Deployment[]; random: number; expected: string }[] = [
    // weight 1:3 → a covers [0, 0.25), b [0.25, 1).
    { name: 'weight wins over rpm and tpm (low draw)', deployments: [a, b], random: 0, expected: 'a' },
    { name: 'weight: just below the boundary', deployments: [a, b], random: 0.2499, expected: 'a' },
    { name: 'weight: at the boundary', deployments: [a, b], random: 0.25, expected: 'b' },
    { name: 'weight: top of the range', deployments: [a, b], random: TOP, expected: 'b' },
    // rpm 900:100 → c covers [0, 0.9).
    { name: 'rpm when no weight is set', deployments: [deployment('c', { rpm: 900, tpm: 1 }), deployment('d', { rpm: 100, tpm: 1000 })], random: 0.89, expected: 'c' },
    { name: 'rpm: above the boundary', deployments: [deployment('c', { rpm: 900, tpm: 1 }), deployment('d', { rpm: 100, tpm: 1000 })], random: 0.91, expected: 'd' },
    // tpm 1:1 → e covers [0, 0.5).
    { name: 'tpm when neither weight nor rpm is set', deployments: [deployment('e', { tpm: 5 }), deployment('f', { tpm: 5 })], random: 0.49, expected: 'e' },
    { name: 'tpm: above the boundary', deployments: [deployment('e', { tpm: 5 }), deployment('f', { tpm: 5 })], random: 0.5, expected: 'f' },
    // Uniform over three.
    { name: 'uniform with nothing set: first third', deployments: [deployment('g'), deployment('h'), deployment('i')], random: 0.33, expected: 'g' },
    { name: 'uniform: second third', deployments: [deployment('g'), deployment('h'), deployment('i')], random: 0.34, expected: 'h' },
    { name: 'uniform: top', deployments: [deployment('g'), deployment('h'), deployment('i')], random: TOP, expected: 'i' },
    // A deployment without the key counts as 0 once another has it.
    { name: 'a missing weight is 0: never picked at the bottom', deployments: [deployment('none'), deployment('w', { weight: 2 })], random: 0, expected: 'w' },
    { name: 'a missing weight is 0: never picked at the top', deployments: [deployment('w', { weight: 2 }), deployment('none')], random: TOP, expected: 'w' },
    { name: 'zero and negative weights do not count as set: falls to rpm', deployments: [deployment('j', { weight: 0, rpm: 1 }), deployment('k', { weight: -5, rpm: 3 })], random: 0.3, expected: 'k' },
    { name: 'non-numeric weights are ignored', deployments: [deployment('l', { weight: '9' as unknown as number }), deployment('m', { rpm: 1 })], random: 0.99, expected: 'm' },
  ];

  for (const { name, deployments, random, expected } of cases) {
    test(name, () => {
      assert.equal(simpleShuffle(deployments, fixed(random))?.id, expected);
    });
  }

  test('draws once per pick', () => {
    let calls = 0;
    simpleShuffle([a, b], () => {
      calls++;
      return 0.5;
    });
    assert.equal(calls, 1);
  });

  test('a zero-weight deployment is never picked, even at the very top of random()\'s range', () => {
    const list = [deployment('p', { weight: 0.1 }), deployment('q', { weight: 0.1 }), deployment('r', { weight: 0.4 }), deployment('zero')];
    assert.equal(simpleShuffle(list, fixed(TOP))?.id, 'r');
  });

  describe('distribution over 10,000 seeded picks', () => {
    const picks = 10_000;

    function proportions(deployments: Deployment[], seed: number): Map<string, number> {
      const random = seeded(seed);
      const counts = new Map<string, number>();
      for (let i = 0; i < picks; i++) {
        const id = simpleShuffle(deployments, random)?.id ?? 'none';
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return new Map([...counts].map(([id, n]) => [id, n / picks]));
    }

    // ±0.02 is over 4 standard deviations for p in [0.1, 0.6] at n = 10,000.
    const tolerance = 0.02;
    const cases: { name: string; deployments: Deployment[]; expected: Record<string, number> }[] = [
      { name: 'weight 1:2:7', deployments: [deployment('x', { weight: 1 }), deployment('y', { weight: 2 }), deployment('z', { weight: 7 })], expected: { x: 0.1, y: 0.2, z: 0.7 } },
      { name: 'rpm 100:300, one without rpm', deployments: [deployment('x', { rpm: 100 }), deployment('y', { rpm: 300 }), deployment('z')], expected: { x: 0.25, y: 0.75 } },
      { name: 'tpm 40k:60k', deployments: [deployment('x', { tpm: 40_000 }), deployment('y', { tpm: 60_000 })], expected: { x: 0.4, y: 0.6 } },
      { name: 'uniform over four', deployments: ['w', 'x', 'y', 'z'].map((id) => deployment(id)), expected: { w: 0.25, x: 0.25, y: 0.25, z: 0.25 } },
    ];

    for (const { name, deployments, expected } of cases) {
      for (const seed of [1, 42, 20_261_124]) {
        test(`${name} (seed ${seed})`, () => {
          const seen = proportions(deployments, seed);
          assert.deepEqual([...seen.keys()].sort(), Object.keys(expected).sort(), 'only deployments with a share are picked');
          for (const [id, share] of Object.entries(expected)) {
            const actual = seen.get(id) ?? 0;
            assert.ok(Math.abs(actual - share) <= tolerance, `${id}: ${actual} is not within ${tolerance} of ${share}`);
          }
        });
      }
    }

    test('the same seed gives the same picks', () => {
      const list = [deployment('x', { weight: 1 }), deployment('y', { weight: 1 })];
      const run = (): string[] => {
        const random = seeded(7);
        return Array.from({ length: 50 }, () => simpleShuffle(list, random)?.id ?? '');
      };
      assert.deepEqual(run(), run());
      assert.ok(new Set(run()).size === 2);
    });
  });
});
