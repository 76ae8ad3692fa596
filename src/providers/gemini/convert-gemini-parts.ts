import type { ChatToolCall } from '../../spec/chat.ts';
import type { GeminiLogprobsResult, GeminiPart } from './gemini-api.ts';
import { encodeGeminiToolCallId, geminiToolCallId } from './gemini-tool-call-id.ts';

/** What one candidate (or one stream event of it) said, in OpenAI terms. */
export interface GeminiCandidateOutput {
  /** Text parts joined; '' when there is none. */
  content: string;
  /** Thought parts (`thought: true`) joined; '' when there is none. */
  reasoning: string;
  toolCalls: ChatToolCall[];
}

/** Where the parts sit: which answer, which candidate, how many calls came before. */
export interface ConvertGeminiPartsOptions {
  /** Seeds the tool-call ids: Gemini's responseId, else a key the gateway made for the answer. */
  answerKey: string;
  /** Candidate index (the OpenAI choice index). */
  candidate: number;
  /** Tool calls this candidate already made in earlier stream events (numbering continues). */
  toolCallsBefore: number;
}

/**
 * A candidate's parts → text, reasoning and tool calls. Each `functionCall` becomes a whole
 * OpenAI tool call (Gemini never splits one) with a generated id and its `args` as JSON
 * text; a `thoughtSignature` rides in the id (LiteLLM's encoding) and in
 * `provider_specific_fields.thought_signature`, so it comes back on the next turn.
 */
export function convertGeminiParts(parts: readonly GeminiPart[] | undefined, options: ConvertGeminiPartsOptions): GeminiCandidateOutput {
  const out: GeminiCandidateOutput = { content: '', reasoning: '', toolCalls: [] };
  for (const part of parts ?? []) {
    if (part.functionCall !== undefined) {
      const index = options.toolCallsBefore + out.toolCalls.length;
      const id = geminiToolCallId({ answerKey: options.answerKey, candidate: options.candidate, index });
      const call: ChatToolCall = {
        id: encodeGeminiToolCallId(id, part.thoughtSignature),
        type: 'function',
        function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
      };
      if (part.thoughtSignature !== undefined) call['provider_specific_fields'] = { thought_signature: part.thoughtSignature };
      out.toolCalls.push(call);
    } else if (typeof part.text === 'string') {
      if (part.thought === true) out.reasoning += part.text;
      else out.content += part.text;
    }
  }
  return out;
}

/** OpenAI's `logprobs` object of a choice. */
export interface OpenAILogprobs {
  content: { token: string; logprob: number; bytes: null; top_logprobs: { token: string; logprob: number; bytes: null }[] }[];
}

/** Gemini `logprobsResult` (asked with `responseLogprobs`) → OpenAI `logprobs.content`. */
export function convertGeminiLogprobs(result: GeminiLogprobsResult | undefined): OpenAILogprobs | null {
  if (result?.chosenCandidates === undefined) return null;
  return {
    content: result.chosenCandidates.map((chosen, i) => ({
      token: chosen.token ?? '',
      logprob: chosen.logProbability ?? 0,
      bytes: null,
      top_logprobs: (result.topCandidates?.[i]?.candidates ?? []).map((top) => ({ token: top.token ?? '', logprob: top.logProbability ?? 0, bytes: null })),
    })),
  };
}
