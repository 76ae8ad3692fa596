import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GatewayError } from '../spec/gateway-error.ts';
import { fetchImage, parseDataUrl } from './fetch-image.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000', 'hex');

describe('fetchImage', () => {
  const server = createServer((req, res) => {
    if (req.url === '/img.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else if (req.url === '/big') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(2048));
    else if (req.url === '/stall') req.resume();
    else res.writeHead(404).end();
  });
  let base = '';
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const signal = new AbortController().signal;

  it('decodes data URLs without a request', () => {
    assert.deepEqual(parseDataUrl('data:image/png;base64,AAAA'), { mediaType: 'image/png', data: 'AAAA' });
    assert.equal(parseDataUrl('https://x/y.png'), undefined);
  });

  it('fetches http images as base64 with their media type', async () => {
    assert.deepEqual(await fetchImage({ url: `${base}/img.png`, param: 'p', signal }), { mediaType: 'image/png', data: PNG.toString('base64') });
  });

  it('answers 400 naming the param for 404s, oversize images, timeouts and bad schemes', async () => {
    const cases = [
      { url: `${base}/missing`, why: /HTTP 404/ },
      { url: `${base}/big`, why: /larger than 1024 bytes/, maxBytes: 1024 },
      { url: `${base}/stall`, why: /ImageFetchError/, timeoutMs: 100 },
      { url: 'file:///etc/passwd', why: /data: URL or http/ },
    ];
    for (const c of cases) {
      await assert.rejects(fetchImage({ url: c.url, param: 'messages[0].content[1]', signal, ...(c.maxBytes ? { maxBytes: c.maxBytes } : {}), ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}) }), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.status, 400);
        assert.equal(error.param, 'messages[0].content[1]');
        assert.match(error.message, c.why);
        return true;
      });
    }
  });
});
