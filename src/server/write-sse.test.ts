import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { writeSse } from './write-sse.ts';

/** A response whose socket buffer is full until the test says otherwise. */
function fullResponse(): { res: ServerResponse; written: string[]; emitter: EventEmitter } {
  const emitter = new EventEmitter();
  const written: string[] = [];
  const res = Object.assign(emitter, {
    destroyed: false,
    write(chunk: string): boolean {
      written.push(chunk);
      return false;
    },
  });
  return { res: res as unknown as ServerResponse, written, emitter };
}

describe('writeSse backpressure', () => {
  test('with a full socket buffer it waits for drain before the next event may be read', async () => {
    const { res, written, emitter } = fullResponse();
    let settled: boolean | undefined;
    const pending = writeSse(res, '{"a":1}').then((ok) => (settled = ok));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, undefined, 'still waiting: the upstream is not read meanwhile');
    assert.deepEqual(written, ['data: {"a":1}\n\n']);
    emitter.emit('drain');
    assert.equal(await pending, true);
    assert.equal(emitter.listenerCount('close'), 0, 'no listener left behind');
  });

  test('a client that goes away while waiting ends the wait with false', async () => {
    const { res, emitter } = fullResponse();
    const pending = writeSse(res, '{}');
    emitter.emit('close');
    assert.equal(await pending, false);
    assert.equal(emitter.listenerCount('drain'), 0);
  });

  test('a destroyed response is not written to', async () => {
    const { res, written } = fullResponse();
    (res as unknown as { destroyed: boolean }).destroyed = true;
    assert.equal(await writeSse(res, '{}'), false);
    assert.deepEqual(written, []);
  });
});
