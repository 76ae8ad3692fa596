import type { Completion } from '../../spec/completion.ts';
import type { OllamaTurn } from './ollama-api.ts';
import type { OllamaAnswerIds } from './ollama-answer-ids.ts';
import { convertOllamaUsage } from './convert-ollama-usage.ts';
import { mapOllamaDoneReason } from './map-ollama-finish-reason.ts';

/** A whole `/api/generate` answer → `text_completion` (for POST /v1/completions). */
export function convertOllamaCompletion(turn: OllamaTurn, ids: OllamaAnswerIds): Completion {
  return {
    id: ids.id,
    object: 'text_completion',
    created: turn.created,
    model: ids.model,
    choices: [{ index: 0, text: turn.content, finish_reason: mapOllamaDoneReason(turn.doneReason), logprobs: null }],
    usage: convertOllamaUsage(turn),
  };
}

/** `/api/generate` stream lines → `text_completion` chunks, a finish chunk and a usage chunk (`choices: []`). */
export async function* convertOllamaCompletionStream(turns: AsyncIterable<OllamaTurn>, ids: OllamaAnswerIds): AsyncGenerator<Completion> {
  let created: number | undefined;
  for await (const turn of turns) {
    created ??= turn.created;
    const base = { id: ids.id, object: 'text_completion' as const, created, model: ids.model };
    if (turn.content !== '' || !turn.done) yield { ...base, choices: [{ index: 0, text: turn.content, finish_reason: null, logprobs: null }] };
    if (turn.done) {
      yield { ...base, choices: [{ index: 0, text: '', finish_reason: mapOllamaDoneReason(turn.doneReason), logprobs: null }] };
      yield { ...base, choices: [], usage: convertOllamaUsage(turn) };
    }
  }
}

