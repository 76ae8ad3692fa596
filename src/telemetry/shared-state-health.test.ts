import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedStateHealth, sharedStateRegistry } from './shared-state-health.ts';

describe('SharedStateHealth', () => {
  it('logs one line entering safe mode and one leaving it, however many failures come between', async () => {
    const lines: { level: string; msg: string | undefined; obj: Record<string, unknown> }[] = [];
    const log = {
      debug: () => undefined,
      info: (obj: Record<string, unknown>, msg?: string) => lines.push({ level: 'info', msg, obj }),
      warn: (obj: Record<string, unknown>, msg?: string) => lines.push({ level: 'warn', msg, obj }),
    };
    const health = new SharedStateHealth({ component: 'budgets', store: 'redis', log });
    health.reachable();
    assert.equal(lines.length, 0, 'the first connection is not news');
    for (let i = 0; i < 5; i++) health.fellBack(new Error('connect ECONNREFUSED redis://:s3cret@10.0.0.1:6379'));
    health.unreachable(new Error('still down'));
    for (let i = 0; i < 3; i++) health.reachable();
    assert.deepEqual(lines.map((l) => l.level), ['warn', 'info']);
    assert.match(lines[0]?.msg ?? '', /redis unreachable: safe mode, budgets are checked in this process only/);
    assert.doesNotMatch(String(lines[0]?.obj['err']), /s3cret/);
    const metrics = await sharedStateRegistry.getMetricsAsJSON();
    const up = metrics.find((m) => m.name === 'switchyard_shared_state_up')?.values.find((v) => v.labels['component'] === 'budgets');
    const fallbacks = metrics.find((m) => m.name === 'switchyard_shared_state_fallbacks_total')?.values.find((v) => v.labels['component'] === 'budgets');
    assert.equal(up?.value, 1);
    assert.equal(fallbacks?.value, 5);
  });
});
