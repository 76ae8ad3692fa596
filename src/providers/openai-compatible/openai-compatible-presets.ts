import type { CallType } from '../../spec/provider.ts';
import type { OpenAICompatiblePreset } from './openai-compatible-preset.ts';

const ALL: ReadonlySet<CallType> = new Set(['chat', 'completion', 'embedding', 'image_generation']);
const calls = (...types: CallType[]): ReadonlySet<CallType> => new Set(types);
/** OpenAI log-probability and bias controls, which many compatible servers reject. */
const NO_LOGPROBS = ['logprobs', 'top_logprobs', 'logit_bias'] as const;

/**
 * Every OpenAI-compatible provider, LiteLLM's prefix → default base URL and key variable.
 * `rejectedParams` lists OpenAI parameters the upstream refuses (400 naming them, or
 * dropped with drop_params); unknown non-OpenAI parameters are passed through as LiteLLM does.
 */
export const OPENAI_COMPATIBLE_PRESETS: readonly OpenAICompatiblePreset[] = [
  {
    id: 'openai',
    displayName: 'OpenAI',
    defaultApiBase: 'https://api.openai.com/v1',
    apiBaseEnv: ['OPENAI_BASE_URL', 'OPENAI_API_BASE'],
    apiKeyEnv: ['OPENAI_API_KEY'],
    calls: ALL,
    nativeBase64Embeddings: true,
  },
  {
    id: 'hosted_vllm',
    displayName: 'Hosted_vllm',
    apiBaseEnv: ['HOSTED_VLLM_API_BASE'],
    apiKeyEnv: ['HOSTED_VLLM_API_KEY'],
    calls: calls('chat', 'completion', 'embedding'),
  },
  {
    id: 'groq',
    displayName: 'Groq',
    defaultApiBase: 'https://api.groq.com/openai/v1',
    apiBaseEnv: ['GROQ_API_BASE'],
    apiKeyEnv: ['GROQ_API_KEY'],
    calls: calls('chat'),
    rejectedParams: { chat: NO_LOGPROBS },
  },
  {
    id: 'mistral',
    displayName: 'Mistral',
    defaultApiBase: 'https://api.mistral.ai/v1',
    apiBaseEnv: ['MISTRAL_API_BASE'],
    apiKeyEnv: ['MISTRAL_API_KEY'],
    calls: calls('chat', 'embedding'),
    rejectedParams: { chat: [...NO_LOGPROBS, 'user'] },
    streamUsage: false,
  },
  {
    id: 'together_ai',
    displayName: 'Together_ai',
    defaultApiBase: 'https://api.together.xyz/v1',
    apiBaseEnv: ['TOGETHER_AI_API_BASE'],
    apiKeyEnv: ['TOGETHER_API_KEY', 'TOGETHERAI_API_KEY', 'TOGETHER_AI_API_KEY'],
    calls: ALL,
  },
  {
    id: 'deepseek',
    displayName: 'Deepseek',
    defaultApiBase: 'https://api.deepseek.com/v1',
    apiBaseEnv: ['DEEPSEEK_API_BASE'],
    apiKeyEnv: ['DEEPSEEK_API_KEY'],
    calls: calls('chat'),
    rejectedParams: { chat: ['logit_bias', 'n'] },
  },
  {
    id: 'fireworks_ai',
    displayName: 'Fireworks_ai',
    defaultApiBase: 'https://api.fireworks.ai/inference/v1',
    apiBaseEnv: ['FIREWORKS_AI_API_BASE', 'FIREWORKS_API_BASE'],
    apiKeyEnv: ['FIREWORKS_AI_API_KEY', 'FIREWORKS_API_KEY', 'FIREWORKSAI_API_KEY'],
    calls: calls('chat', 'completion', 'embedding'),
  },
  {
    id: 'openrouter',
    displayName: 'Openrouter',
    defaultApiBase: 'https://openrouter.ai/api/v1',
    apiBaseEnv: ['OPENROUTER_API_BASE'],
    apiKeyEnv: ['OPENROUTER_API_KEY', 'OR_API_KEY'],
    calls: calls('chat', 'completion'),
  },
  {
    id: 'xai',
    displayName: 'Xai',
    defaultApiBase: 'https://api.x.ai/v1',
    apiBaseEnv: ['XAI_API_BASE'],
    apiKeyEnv: ['XAI_API_KEY'],
    calls: calls('chat', 'image_generation'),
  },
  {
    id: 'perplexity',
    displayName: 'Perplexity',
    defaultApiBase: 'https://api.perplexity.ai',
    apiBaseEnv: ['PERPLEXITY_API_BASE'],
    apiKeyEnv: ['PERPLEXITYAI_API_KEY', 'PERPLEXITY_API_KEY'],
    calls: calls('chat'),
    rejectedParams: { chat: [...NO_LOGPROBS, 'tools', 'tool_choice', 'parallel_tool_calls', 'n', 'seed'] },
    streamUsage: false,
  },
  {
    id: 'deepinfra',
    displayName: 'Deepinfra',
    defaultApiBase: 'https://api.deepinfra.com/v1/openai',
    apiBaseEnv: ['DEEPINFRA_API_BASE'],
    apiKeyEnv: ['DEEPINFRA_API_KEY'],
    calls: calls('chat', 'completion', 'embedding'),
  },
  {
    id: 'cerebras',
    displayName: 'Cerebras',
    defaultApiBase: 'https://api.cerebras.ai/v1',
    apiBaseEnv: ['CEREBRAS_API_BASE'],
    apiKeyEnv: ['CEREBRAS_API_KEY'],
    calls: calls('chat'),
    rejectedParams: { chat: ['logit_bias', 'frequency_penalty', 'presence_penalty', 'n'] },
  },
  {
    id: 'nvidia_nim',
    displayName: 'Nvidia_nim',
    defaultApiBase: 'https://integrate.api.nvidia.com/v1',
    apiBaseEnv: ['NVIDIA_NIM_API_BASE'],
    apiKeyEnv: ['NVIDIA_NIM_API_KEY'],
    calls: calls('chat', 'embedding'),
    rejectedParams: { chat: ['logit_bias'] },
  },
  {
    id: 'lm_studio',
    displayName: 'Lm_studio',
    defaultApiBase: 'http://localhost:1234/v1',
    apiBaseEnv: ['LM_STUDIO_API_BASE'],
    apiKeyEnv: ['LM_STUDIO_API_KEY'],
    calls: calls('chat', 'completion', 'embedding'),
  },
];
