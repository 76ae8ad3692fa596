import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-base';

/**
 * An id generator whose next trace id can be chosen: a root span started right after
 * `useTraceId(id)` gets that trace id (spans are started synchronously, one at a time).
 * Lets a root span carry a trace id decided by the caller (LiteLLM's `trace_id`).
 */
export class SpanIdSource implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private next: string | undefined;

  /** The trace id for the next root span. */
  useTraceId(traceId: string): void {
    this.next = traceId;
  }

  /** {@inheritDoc IdGenerator.generateTraceId} */
  generateTraceId(): string {
    const chosen = this.next;
    this.next = undefined;
    return chosen ?? this.random.generateTraceId();
  }

  /** {@inheritDoc IdGenerator.generateSpanId} */
  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}
