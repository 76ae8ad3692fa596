import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { extraHeaders, firstEnv, trimSlash } from '../openai-compatible/openai-compatible-endpoint.ts';
import type { GeminiEndpoint, GeminiTarget } from '../gemini/gemini-endpoint.ts';
import { vertexAccessToken, vertexCredentialsProject } from './vertex-ai-auth.ts';

/** For messages: "VertexAIException - …", as LiteLLM names Vertex AI failures. */
export const VERTEX_AI_PROVIDER_NAME = 'VertexAI';

/** LiteLLM's default region when neither `vertex_location` nor VERTEXAI_LOCATION is set. */
export const DEFAULT_VERTEX_LOCATION = 'us-central1';

/** Model owners on Vertex AI: Google's own models, and Claude through Anthropic's partner path. */
export type VertexPublisher = 'google' | 'anthropic';

/** The Vertex AI methods the gateway calls. */
export type VertexMethod = 'generateContent' | 'streamGenerateContent' | 'predict' | 'rawPredict' | 'streamRawPredict';

/** `vertex_location`, else VERTEXAI_LOCATION, else us-central1. */
export function vertexLocation(deployment: Deployment): string {
  const location = deployment.params['vertex_location'];
  return typeof location === 'string' && location !== '' ? location : (firstEnv(['VERTEXAI_LOCATION']) ?? DEFAULT_VERTEX_LOCATION);
}

/** `https://{location}-aiplatform.googleapis.com`, or `https://aiplatform.googleapis.com` for the `global` location. */
export function vertexHost(location: string): string {
  return location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
}

/** The base URL reported in `x-litellm-model-api-base`: the custom `api_base`, else the regional host. */
export function vertexApiBase(deployment: Deployment): string {
  const base = deployment.params.api_base;
  return base !== undefined && base !== '' ? trimSlash(base) : vertexHost(vertexLocation(deployment));
}

/**
 * The URL of one model method. With a custom `api_base` (the full URL up to and including
 * the model, as LiteLLM reads it) `:{method}` is appended to it; otherwise
 * `{host}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}`.
 * Streams of Gemini models add `?alt=sse`.
 */
export async function vertexUrl(deployment: Deployment, args: { publisher: VertexPublisher; method: VertexMethod }): Promise<string> {
  const query = args.method === 'streamGenerateContent' ? '?alt=sse' : '';
  const base = deployment.params.api_base;
  if (base !== undefined && base !== '') return `${trimSlash(base)}:${args.method}${query}`;
  const location = vertexLocation(deployment);
  const project = await vertexProject(deployment);
  const model = encodeURIComponent(deployment.providerModel).replaceAll('%40', '@');
  return `${vertexHost(location)}/v1/projects/${encodeURIComponent(project)}/locations/${location}/publishers/${args.publisher}/models/${model}:${args.method}${query}`;
}

/** `vertex_project`, else VERTEXAI_PROJECT / GOOGLE_CLOUD_PROJECT, else the credentials' project; a 400 when none is known. */
async function vertexProject(deployment: Deployment): Promise<string> {
  const configured = deployment.params['vertex_project'];
  if (typeof configured === 'string' && configured !== '') return configured;
  const project = firstEnv(['VERTEXAI_PROJECT', 'GOOGLE_CLOUD_PROJECT']) ?? (await vertexCredentialsProject(deployment));
  if (project !== undefined) return project;
  throw new GatewayError(
    'bad_request',
    `litellm.BadRequestError: ${VERTEX_AI_PROVIDER_NAME}Exception - deployment "${deployment.modelName}" names no Google Cloud project: set litellm_params.vertex_project or VERTEXAI_PROJECT`,
  );
}

/** URL and headers of one call: a fresh (cached) access token as a bearer, plus the deployment's `extra_headers`. */
export async function vertexTarget(deployment: Deployment, args: { publisher: VertexPublisher; method: VertexMethod }): Promise<GeminiTarget> {
  const [url, token] = await Promise.all([vertexUrl(deployment, args), vertexAccessToken(deployment)]);
  return { url, headers: { ...extraHeaders(deployment), authorization: `Bearer ${token}` }, secrets: [token] };
}

/** Vertex AI as a Gemini endpoint: Google's publisher path and OAuth bearer tokens. */
export function createVertexGeminiEndpoint(): GeminiEndpoint {
  return {
    flavor: 'vertex_ai',
    providerName: VERTEX_AI_PROVIDER_NAME,
    apiBase: vertexApiBase,
    target(deployment, method) {
      if (method === 'batchEmbedContents') throw new Error('batchEmbedContents is an AI Studio method');
      return vertexTarget(deployment, { publisher: 'google', method });
    },
  };
}
