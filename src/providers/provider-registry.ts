import type { Provider } from '../spec/provider.ts';
import { createAnthropicProvider } from './anthropic/anthropic-provider.ts';
import { createBedrockProvider } from './bedrock/bedrock-provider.ts';
import { createGeminiProvider } from './gemini/gemini-provider.ts';
import { createVertexAIProvider } from './vertex-ai/vertex-ai-provider.ts';
import { createHuggingFaceProvider } from './huggingface/huggingface-provider.ts';
import { createMockProvider } from './mock/mock-provider.ts';
import { createOllamaProvider } from './ollama/ollama-provider.ts';
import { createAzureEndpoint } from './openai-compatible/azure-endpoint.ts';
import { createBearerEndpoint } from './openai-compatible/bearer-endpoint.ts';
import { createOpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.ts';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible-presets.ts';
import { createTextCompletionOpenAIProvider } from './text-completion-openai/text-completion-openai-provider.ts';

/**
 * Providers LiteLLM configs name that Switchyard does not serve yet. A config naming them
 * loads (with a warning); calls to those deployments answer 501.
 */
export const PLANNED_PROVIDERS: ReadonlySet<string> = new Set([
  'vertex_ai_beta', 'sagemaker',
  'cohere', 'cohere_chat', 'azure_ai', 'watsonx', 'databricks', 'replicate', 'cloudflare', 'voyage', 'jina_ai',
  'sambanova', 'github', 'predibase', 'triton', 'vllm', 'custom_openai', 'openai_like', 'litellm_proxy', 'text-completion-codestral',
  'codestral', 'friendliai', 'ai21', 'nlp_cloud', 'aleph_alpha', 'petals', 'baseten', 'clarifai', 'deepgram', 'elevenlabs',
]);

function build(): ReadonlyMap<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const preset of OPENAI_COMPATIBLE_PRESETS) {
    providers.set(preset.id, createOpenAICompatibleProvider({ preset, endpoint: createBearerEndpoint(preset) }));
  }
  const azure = { id: 'azure', displayName: 'Azure', apiKeyEnv: ['AZURE_API_KEY'], calls: new Set(['chat', 'completion', 'embedding', 'image_generation'] as const), nativeBase64Embeddings: true };
  providers.set('azure', createOpenAICompatibleProvider({ preset: azure, endpoint: createAzureEndpoint() }));
  providers.set('text-completion-openai', createTextCompletionOpenAIProvider());
  providers.set('anthropic', createAnthropicProvider());
  providers.set('bedrock', createBedrockProvider());
  providers.set('ollama', createOllamaProvider('generate'));
  providers.set('ollama_chat', createOllamaProvider('chat'));
  providers.set('huggingface', createHuggingFaceProvider());
  providers.set('gemini', createGeminiProvider());
  providers.set('vertex_ai', createVertexAIProvider());
  providers.set('mock', createMockProvider());
  return providers;
}

/** Prefix in `litellm_params.model` → provider. */
export const PROVIDERS: ReadonlyMap<string, Provider> = build();

/**
 * Splits `litellm_params.model` into provider id and the provider's model name. A model with
 * no known prefix is an OpenAI model, as LiteLLM infers for `gpt-4o` and friends.
 */
export function splitProviderModel(model: string): { provider: string; providerModel: string } {
  const slash = model.indexOf('/');
  if (slash > 0) {
    const prefix = model.slice(0, slash);
    if (PROVIDERS.has(prefix) || PLANNED_PROVIDERS.has(prefix)) return { provider: prefix, providerModel: model.slice(slash + 1) };
  }
  return { provider: 'openai', providerModel: model };
}
