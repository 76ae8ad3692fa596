/** A running target of the bench: something that answers the chat-completions route. */
import type { TargetName } from './bench-options.ts';

/** A started target. */
export interface Target {
  /** Which target this is. */
  name: TargetName;
  /** Origin the load generators send to (loopback). */
  origin: string;
  /** `Authorization` header value to send, or empty for none. */
  authorization: string;
  /** Pid of the proxy process to watch (RSS, CPU), or null for `direct`. */
  pid: number | null;
  /** Stops the target and removes anything it created. */
  stop(): Promise<void>;
}

/** The outcome of starting a target: running, or skipped with a reason. */
export type StartedTarget = { ok: true; target: Target } | { ok: false; reason: string };
