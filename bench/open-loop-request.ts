/**
 * One timed request of the open-loop generator, as an undici dispatch handler: it stamps
 * the first body byte and the end of the answer with `process.hrtime`, and for streams keeps
 * the tail of the body to check that it ended with `data: [DONE]`.
 */
import type { Dispatcher } from 'undici';

/** How a timed request ended. */
export interface RequestOutcome {
  /** Request index in the schedule. */
  index: number;
  /** HTTP status, 0 on a transport error. */
  status: number;
  /** Transport error message, or empty. */
  error: string;
  /** hrtime (ns) of the first body byte, 0 if none. */
  firstByteNs: number;
  /** hrtime (ns) when the answer ended or failed. */
  endNs: number;
  /** Whether the body's tail contains `[DONE]` (meaningful for streams). */
  sawDone: boolean;
}

const nowNs = (): number => Number(process.hrtime.bigint());
const TAIL_CHARS = 24;

/** Dispatch handler that reports a `RequestOutcome` exactly once. */
export class TimedRequest implements Dispatcher.DispatchHandler {
  readonly #index: number;
  readonly #onDone: (outcome: RequestOutcome) => void;
  #status = 0;
  #firstByteNs = 0;
  #tail = '';

  constructor(index: number, onDone: (outcome: RequestOutcome) => void) {
    this.#index = index;
    this.#onDone = onDone;
  }

  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.#status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#firstByteNs === 0) this.#firstByteNs = nowNs();
    const start = Math.max(0, chunk.length - TAIL_CHARS);
    this.#tail = (this.#tail + chunk.toString('latin1', start)).slice(-TAIL_CHARS);
  }

  onResponseEnd(): void {
    this.#finish('');
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#finish(error.message || error.name);
  }

  #finish(error: string): void {
    this.#onDone({
      index: this.#index,
      status: error ? 0 : this.#status,
      error,
      firstByteNs: this.#firstByteNs,
      endNs: nowNs(),
      sawDone: this.#tail.includes('[DONE]'),
    });
  }
}
