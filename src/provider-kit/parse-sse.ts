/** One server-sent event: its `event:` name (if any) and its joined `data:` lines. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/**
 * Parses a byte stream of server-sent events (text/event-stream) into events, following the
 * WHATWG rules that matter for LLM APIs: `\n`, `\r\n` or `\r` line ends, multi-line data,
 * comments (`:` lines) ignored, an event ends at a blank line.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event: string | undefined;
  let data: string[] = [];
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let start = 0;
    for (;;) {
      const end = findLineEnd(buffer, start);
      if (end === -1) break;
      const line = buffer.slice(start, end);
      start = end + (buffer.charCodeAt(end) === 13 && buffer.charCodeAt(end + 1) === 10 ? 2 : 1);
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') };
        event = undefined;
        data = [];
        continue;
      }
      const field = parseField(line);
      if (field === undefined) continue;
      if (field.name === 'data') data.push(field.value);
      else if (field.name === 'event') event = field.value;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  // A last event without the closing blank line still counts.
  for (const line of buffer.split(/\r\n|\r|\n/)) {
    const field = parseField(line);
    if (field?.name === 'data') data.push(field.value);
    else if (field?.name === 'event') event = field.value;
  }
  if (data.length > 0) yield { event, data: data.join('\n') };
}

function findLineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i;
    if (c === 13) {
      // A lone \r at the very end may be the first half of \r\n: wait for more bytes.
      return i + 1 < text.length ? i : -1;
    }
  }
  return -1;
}

function parseField(line: string): { name: string; value: string } | undefined {
  if (line === '' || line.charCodeAt(0) === 58 /* : */) return undefined;
  const colon = line.indexOf(':');
  if (colon === -1) return { name: line, value: '' };
  const value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
  return { name: line.slice(0, colon), value };
}
