/**
 * One correct answer before any load: a JSON `chat.completion` and an SSE stream ending in
 * `[DONE]`. A target that fails this is reported as failed rather than benchmarked.
 */
import { request } from 'undici';
import { CHAT_PATH, COMPLETION_BODY, STREAM_BODY } from './bench-request.ts';
import type { Target } from './bench-target.ts';

async function post(target: Target, body: string): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.authorization) headers['authorization'] = target.authorization;
  const response = await request(`${target.origin}${CHAT_PATH}`, {
    method: 'POST',
    headers,
    body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  return { status: response.statusCode, text: await response.body.text() };
}

function completionProblem(status: number, text: string): string | null {
  if (status !== 200) return `non-stream request: HTTP ${status}: ${text.slice(0, 300)}`;
  const parsed: unknown = JSON.parse(text);
  const ok = typeof parsed === 'object' && parsed !== null && 'choices' in parsed && Array.isArray(parsed.choices);
  return ok ? null : `non-stream request: answer has no choices: ${text.slice(0, 300)}`;
}

function streamProblem(status: number, text: string): string | null {
  if (status !== 200) return `stream request: HTTP ${status}: ${text.slice(0, 300)}`;
  if (!text.includes('chat.completion.chunk') || !text.trimEnd().endsWith('data: [DONE]')) {
    return `stream request: not an SSE chunk stream ending in [DONE]: ${text.slice(0, 300)}`;
  }
  return null;
}

/** Null when the target answers both shapes correctly, else what went wrong. */
export async function verifyTarget(target: Target): Promise<string | null> {
  try {
    const completion = await post(target, COMPLETION_BODY);
    const stream = await post(target, STREAM_BODY);
    return completionProblem(completion.status, completion.text) ?? streamProblem(stream.status, stream.text);
  } catch (error) {
    return `request failed: ${(error as Error).message}`;
  }
}
