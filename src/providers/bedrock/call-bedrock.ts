import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { CallContext } from '../../spec/provider.ts';
import { postToApi, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { extraHeaders, trimSlash } from '../openai-compatible/openai-compatible-endpoint.ts';
import { bedrockRegion, type AwsCredentials, type BedrockAuthResolver } from './bedrock-credentials.ts';
import { BEDROCK_PROVIDER_NAME, mapBedrockError } from './bedrock-error.ts';

/** The Bedrock Runtime operations the gateway calls. */
export type BedrockAction = 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream';

const EVENT_STREAM = 'application/vnd.amazon.eventstream';

/**
 * The runtime base URL: `aws_bedrock_runtime_endpoint`, else `api_base`, else
 * AWS_BEDROCK_RUNTIME_ENDPOINT, else `https://bedrock-runtime.{region}.amazonaws.com`.
 */
export function bedrockApiBase(d: Deployment): string {
  const configured = [d.params['aws_bedrock_runtime_endpoint'], d.params.api_base, process.env['AWS_BEDROCK_RUNTIME_ENDPOINT']].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return trimSlash(configured ?? `https://bedrock-runtime.${bedrockRegion(d)}.amazonaws.com`);
}

/** `{base}/model/{modelId}/{action}`; the model id is URL-encoded (`:` → `%3A`, `/` → `%2F`). */
export function bedrockUrl(d: Deployment, args: { modelId: string; action: BedrockAction }): string {
  return `${bedrockApiBase(d)}/model/${encodeURIComponent(args.modelId)}/${args.action}`;
}

/**
 * SigV4 headers for a POST (service `bedrock`). The signer escapes the already-encoded path
 * again, which is what AWS expects of every service but S3 (`%3A` is signed as `%253A`).
 */
export async function signBedrockRequest(args: {
  url: string;
  body: string;
  region: string;
  credentials: AwsCredentials;
  headers: Record<string, string>;
}): Promise<Record<string, string>> {
  const url = new URL(args.url);
  const signer = new SignatureV4({ service: 'bedrock', region: args.region, credentials: args.credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query: {},
    headers: { ...args.headers, host: url.host },
    body: args.body,
  });
  return signed.headers;
}

/**
 * Getting credentials (an STS round trip, IMDS) counts against the call: it ends with the
 * call's timeout (408) or when the client goes away.
 */
async function withinCall<T>(work: Promise<T>, ctx: CallContext): Promise<T> {
  if (ctx.signal.aborted) throw ctx.signal.reason;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayError('timeout', `litellm.Timeout: ${BEDROCK_PROVIDER_NAME}Exception - getting AWS credentials timed out after ${ctx.timeoutMs / 1000} seconds.`)), ctx.timeoutMs);
    onAbort = () => reject(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) ctx.signal.removeEventListener('abort', onAbort);
  }
}

export interface CallBedrockOptions {
  ctx: CallContext;
  auth: BedrockAuthResolver;
  modelId: string;
  action: BedrockAction;
  /** The native request body, serialised here once (and signed as sent). */
  body: unknown;
}

/** Signs (or adds the bearer API key to) one Bedrock Runtime call and sends it through postToApi. */
export async function callBedrock(options: CallBedrockOptions): Promise<ApiResponse> {
  const d = options.ctx.deployment;
  const url = bedrockUrl(d, options);
  const stream = options.action.endsWith('-stream');
  const body = JSON.stringify(options.body);
  const auth = await withinCall(options.auth.resolve(d), options.ctx);
  const base: Record<string, string> = { ...extraHeaders(d), 'content-type': 'application/json', accept: stream ? EVENT_STREAM : 'application/json' };
  const headers =
    auth.kind === 'bearer'
      ? { ...base, authorization: `Bearer ${auth.token}` }
      : await signBedrockRequest({ url, body, region: bedrockRegion(d), credentials: auth.credentials, headers: base });
  return postToApi({
    url,
    headers,
    body,
    ctx: options.ctx,
    stream,
    providerName: BEDROCK_PROVIDER_NAME,
    secrets: options.auth.secrets(d),
    mapError: mapBedrockError,
  });
}
