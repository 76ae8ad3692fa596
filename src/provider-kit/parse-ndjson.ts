/** A line of an NDJSON stream that is not one JSON value (or is longer than allowed). */
export class NdjsonLineError extends Error {
  /** 1-based number of the offending line (blank lines counted). */
  readonly lineNumber: number;
  /** The start of the line, for logs (at most 200 characters). */
  readonly excerpt: string;

  constructor(options: { lineNumber: number; line: string; reason: string }) {
    super(`NDJSON line ${options.lineNumber} ${options.reason}`);
    this.name = 'NdjsonLineError';
    this.lineNumber = options.lineNumber;
    this.excerpt = options.line.slice(0, 200);
  }
}

export interface ParseNdjsonOptions {
  /** Longest line accepted, in characters; a longer one is a {@link NdjsonLineError}. Default 16 MiB. */
  maxLineLength?: number;
}

const DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

/**
 * Parses a byte stream of newline-delimited JSON (Ollama's streaming format) into values:
 * lines may be split anywhere across chunks (multi-byte characters included), `\r\n` line
 * ends and blank lines are accepted, and a last line without a newline still counts. A line
 * that is not JSON throws a {@link NdjsonLineError} instead of being skipped.
 */
export async function* parseNdjson(body: AsyncIterable<Uint8Array>, options: ParseNdjsonOptions = {}): AsyncGenerator<unknown> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const decoder = new TextDecoder();
  let buffer = '';
  let lineNumber = 0;
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n', start)) {
      lineNumber += 1;
      if (end - start > maxLineLength) throw tooLong(buffer.slice(start, end), { lineNumber, maxLineLength });
      const value = parseLine(buffer.slice(start, end), lineNumber);
      start = end + 1;
      if (value !== BLANK) yield value;
    }
    buffer = buffer.slice(start);
    // A line still waiting for its newline must not grow without bound either.
    if (buffer.length > maxLineLength) throw tooLong(buffer, { lineNumber: lineNumber + 1, maxLineLength });
  }
  buffer += decoder.decode();
  const value = parseLine(buffer, lineNumber + 1);
  if (value !== BLANK) yield value;
}

const BLANK = Symbol('blank line');

function tooLong(line: string, at: { lineNumber: number; maxLineLength: number }): NdjsonLineError {
  return new NdjsonLineError({ lineNumber: at.lineNumber, line, reason: `is longer than ${at.maxLineLength} characters` });
}

function parseLine(raw: string, lineNumber: number): unknown {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.trim() === '') return BLANK;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new NdjsonLineError({ lineNumber, line, reason: 'is not JSON' });
  }
}
