import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import type { LitellmSettings, RouterSettings, SwitchyardConfig } from '../config/config-types.ts';
import type { Deployment, LitellmParams } from '../spec/deployment.ts';
import { DEFAULT_REQUEST_TIMEOUT_S, resolveTimeoutMs } from './resolve-timeout.ts';

interface Sources {
  headers?: IncomingHttpHeaders;
  /** The request body (only its `timeout` is passed on, as `requestTimeout`). */
  body?: Record<string, unknown>;
  deployment?: Partial<LitellmParams>;
  router?: RouterSettings;
  litellm?: LitellmSettings;
}

function resolve(sources: Sources, stream: boolean): number {
  const config: SwitchyardConfig = {
    model_list: [],
    litellm_settings: sources.litellm ?? {},
    router_settings: sources.router ?? {},
    general_settings: {},
    environment_variables: {},
  };
  const deployment: Deployment = { id: 'd', modelName: 'g', provider: 'openai', providerModel: 'm', params: { model: 'openai/m', ...sources.deployment }, info: {} };
  return resolveTimeoutMs({ config, deployment, requestTimeout: sources.body?.['timeout'], headers: sources.headers ?? {}, stream });
}

/** Every source set, each to a different number of seconds. */
const ALL: Sources = {
  headers: { 'x-litellm-stream-timeout': '1', 'x-litellm-timeout': '2' },
  body: { timeout: 3 },
  deployment: { stream_timeout: 4, timeout: 5 },
  router: { stream_timeout: 6, timeout: 7 },
  litellm: { request_timeout: 8 },
};

/** ALL with the named sources removed, one by one, in precedence order. */
function without(...names: ('streamHeader' | 'header' | 'body' | 'deploymentStream' | 'deployment' | 'routerStream' | 'router' | 'litellm')[]): Sources {
  const has = (name: (typeof names)[number]): boolean => !names.includes(name);
  return {
    headers: { ...(has('streamHeader') ? { 'x-litellm-stream-timeout': '1' } : {}), ...(has('header') ? { 'x-litellm-timeout': '2' } : {}) },
    body: has('body') ? { timeout: 3 } : {},
    deployment: { ...(has('deploymentStream') ? { stream_timeout: 4 } : {}), ...(has('deployment') ? { timeout: 5 } : {}) },
    router: { ...(has('routerStream') ? { stream_timeout: 6 } : {}), ...(has('router') ? { timeout: 7 } : {}) },
    litellm: has('litellm') ? { request_timeout: 8 } : {},
  };
}

describe('resolveTimeoutMs', () => {
  describe('precedence for a stream: first set wins', () => {
    const cases: { name: string; sources: Sources; ms: number }[] = [
      { name: 'x-litellm-stream-timeout header', sources: ALL, ms: 1000 },
      { name: 'x-litellm-timeout header', sources: without('streamHeader'), ms: 2000 },
      { name: 'body timeout', sources: without('streamHeader', 'header'), ms: 3000 },
      { name: 'deployment stream_timeout', sources: without('streamHeader', 'header', 'body'), ms: 4000 },
      { name: 'deployment timeout', sources: without('streamHeader', 'header', 'body', 'deploymentStream'), ms: 5000 },
      { name: 'router_settings stream_timeout', sources: without('streamHeader', 'header', 'body', 'deploymentStream', 'deployment'), ms: 6000 },
      { name: 'router_settings timeout', sources: without('streamHeader', 'header', 'body', 'deploymentStream', 'deployment', 'routerStream'), ms: 7000 },
      { name: 'litellm_settings request_timeout', sources: without('streamHeader', 'header', 'body', 'deploymentStream', 'deployment', 'routerStream', 'router'), ms: 8000 },
      { name: 'the 6000 s default', sources: {}, ms: 6_000_000 },
    ];
    for (const { name, sources, ms } of cases) {
      test(name, () => {
        assert.equal(resolve(sources, true), ms);
      });
    }
  });

  describe('precedence for a whole answer: the stream settings are ignored', () => {
    const cases: { name: string; sources: Sources; ms: number }[] = [
      { name: 'x-litellm-timeout header (not the stream header)', sources: ALL, ms: 2000 },
      { name: 'body timeout', sources: without('header'), ms: 3000 },
      { name: 'deployment timeout (not stream_timeout)', sources: without('header', 'body'), ms: 5000 },
      { name: 'router_settings timeout (not stream_timeout)', sources: without('header', 'body', 'deployment'), ms: 7000 },
      { name: 'litellm_settings request_timeout', sources: without('header', 'body', 'deployment', 'router'), ms: 8000 },
      { name: 'only stream settings set: the default', sources: { headers: { 'x-litellm-stream-timeout': '1' }, deployment: { stream_timeout: 4 }, router: { stream_timeout: 6 } }, ms: DEFAULT_REQUEST_TIMEOUT_S * 1000 },
    ];
    for (const { name, sources, ms } of cases) {
      test(name, () => {
        assert.equal(resolve(sources, false), ms);
      });
    }
  });

  describe('values that are not a positive number are skipped', () => {
    const cases: { name: string; sources: Sources; ms: number }[] = [
      { name: 'a fractional header', sources: { headers: { 'x-litellm-timeout': '0.25' } }, ms: 250 },
      { name: 'a numeric string in the body', sources: { body: { timeout: '12' } }, ms: 12_000 },
      { name: 'a non-numeric header', sources: { headers: { 'x-litellm-timeout': 'soon' }, body: { timeout: 3 } }, ms: 3000 },
      { name: 'an empty header', sources: { headers: { 'x-litellm-timeout': '' }, body: { timeout: 3 } }, ms: 3000 },
      { name: 'a zero header', sources: { headers: { 'x-litellm-timeout': '0' }, body: { timeout: 3 } }, ms: 3000 },
      { name: 'a negative body timeout', sources: { body: { timeout: -1 }, deployment: { timeout: 5 } }, ms: 5000 },
      { name: 'a boolean body timeout', sources: { body: { timeout: true }, deployment: { timeout: 5 } }, ms: 5000 },
      { name: 'a null body timeout', sources: { body: { timeout: null }, deployment: { timeout: 5 } }, ms: 5000 },
      { name: 'an infinite timeout', sources: { body: { timeout: Infinity }, router: { timeout: 7 } }, ms: 7000 },
      { name: 'a repeated header (joined with ", ")', sources: { headers: { 'x-litellm-timeout': '1, 2' }, litellm: { request_timeout: 8 } }, ms: 8000 },
    ];
    for (const { name, sources, ms } of cases) {
      test(name, () => {
        assert.equal(resolve(sources, false), ms);
      });
    }
  });
});
