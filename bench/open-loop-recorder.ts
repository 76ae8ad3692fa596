/**
 * Collects the outcomes of the measured requests of one open-loop run and turns them into
 * an `OpenLoopResult`. Latencies are taken from each request's scheduled send time, so a
 * slow answer that delays later sends is not hidden (no coordinated omission).
 */
import { summarizeNanoseconds } from './latency-summary.ts';
import type { OpenLoopResult } from './open-loop-spec.ts';
import type { RequestOutcome } from './open-loop-request.ts';

/** Options of a recorder. */
export interface RecorderOptions {
  /** Number of measured requests. */
  capacity: number;
  /** Whether answers must be SSE streams ending with `[DONE]`. */
  stream: boolean;
  /** Scheduled send time (ns) of a request index. */
  scheduledNs: (index: number) => number;
}

/** Accumulates outcomes; call `result()` once at the end. */
export class OpenLoopRecorder {
  readonly #options: RecorderOptions;
  readonly #latency: Float64Array;
  readonly #ttfb: Float64Array;
  readonly #sendLag: Float64Array;
  #ok = 0;
  #lagCount = 0;
  #finished = 0;
  #non2xx = 0;
  #transportErrors = 0;
  #incomplete = 0;
  #firstError = '';

  constructor(options: RecorderOptions) {
    this.#options = options;
    this.#latency = new Float64Array(options.capacity);
    this.#ttfb = new Float64Array(options.capacity);
    this.#sendLag = new Float64Array(options.capacity);
  }

  /** Records how late a measured request was dispatched. */
  sent(index: number, dispatchNs: number): void {
    this.#sendLag[this.#lagCount++] = dispatchNs - this.#options.scheduledNs(index);
  }

  /** Records a measured request's outcome. */
  done(outcome: RequestOutcome): void {
    this.#finished++;
    if (outcome.status === 0) {
      this.#transportErrors++;
      this.#firstError ||= `transport error: ${outcome.error}`;
      return;
    }
    if (outcome.status < 200 || outcome.status > 299) {
      this.#non2xx++;
      this.#firstError ||= `HTTP ${outcome.status}`;
      return;
    }
    if (this.#options.stream && !outcome.sawDone) {
      this.#incomplete++;
      this.#firstError ||= 'stream did not end with [DONE]';
      return;
    }
    const scheduled = this.#options.scheduledNs(outcome.index);
    this.#latency[this.#ok] = outcome.endNs - scheduled;
    this.#ttfb[this.#ok] = (outcome.firstByteNs || outcome.endNs) - scheduled;
    this.#ok++;
  }

  /** Number of measured requests that have ended (any way). */
  get finished(): number {
    return this.#finished;
  }

  /** The run's result; `windowSec` is the measured schedule length. */
  result(windowSec: number): OpenLoopResult {
    return {
      scheduled: this.#options.capacity,
      ok: this.#ok,
      non2xx: this.#non2xx,
      transportErrors: this.#transportErrors,
      incompleteStreams: this.#incomplete,
      unfinished: this.#options.capacity - this.#finished,
      firstError: this.#firstError,
      latency: summarizeNanoseconds(this.#latency, this.#ok),
      ttfb: summarizeNanoseconds(this.#ttfb, this.#ok),
      sendLag: summarizeNanoseconds(this.#sendLag, this.#lagCount),
      windowSec,
    };
  }
}
