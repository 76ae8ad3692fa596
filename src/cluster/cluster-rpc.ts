import cluster, { type Worker } from 'node:cluster';

/**
 * A small request/response channel between the `--num_workers` primary and its workers over
 * the cluster IPC channel (`process.send`). The primary hosts named methods; a worker calls one
 * and awaits its answer (matched by id, with a timeout), or sends a notification that needs
 * none. The primary can broadcast a topic to every worker. Messages are JSON.
 */

const CALL = 'switchyard:rpc-call';
const REPLY = 'switchyard:rpc-reply';
const BROADCAST = 'switchyard:rpc-broadcast';

interface CallMessage {
  type: typeof CALL;
  /** Absent for a notification (no answer expected). */
  id?: number;
  method: string;
  args: unknown;
}

interface ReplyMessage {
  type: typeof REPLY;
  id: number;
  result?: unknown;
  error?: string;
}

interface BroadcastMessage {
  type: typeof BROADCAST;
  topic: string;
  payload: unknown;
}

/** A method the primary hosts: gets the arguments and the calling worker's id. */
export type PrimaryMethod = (args: unknown, workerId: number) => unknown;

/** The primary's side: hosts methods, broadcasts, and hears when a worker is gone. */
export class PrimaryRpc {
  readonly #methods = new Map<string, PrimaryMethod>();
  readonly #exitListeners: ((workerId: number) => void)[] = [];

  constructor() {
    cluster.on('message', (worker, message: unknown) => {
      if (isMessage<CallMessage>(message, CALL)) this.#onCall(worker, message);
    });
    cluster.on('exit', (worker) => {
      for (const listener of this.#exitListeners) listener(worker.id);
    });
  }

  /** Hosts `method`; its result (or a promise of it) is the answer. */
  handle(method: string, implementation: PrimaryMethod): void {
    this.#methods.set(method, implementation);
  }

  /** Sends `payload` on `topic` to every live worker. */
  broadcast(topic: string, payload: unknown): void {
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker?.isConnected() === true) worker.send({ type: BROADCAST, topic, payload } satisfies BroadcastMessage);
    }
  }

  /** Calls `listener` with the id of each worker that exits (to free what it held). */
  onWorkerExit(listener: (workerId: number) => void): void {
    this.#exitListeners.push(listener);
  }

  #onCall(worker: Worker, message: CallMessage): void {
    const reply = (answer: Omit<ReplyMessage, 'type' | 'id'>): void => {
      if (message.id !== undefined && worker.isConnected()) worker.send({ type: REPLY, id: message.id, ...answer } satisfies ReplyMessage);
    };
    const method = this.#methods.get(message.method);
    if (method === undefined) return reply({ error: `no method ${message.method} in the primary` });
    Promise.resolve()
      .then(() => method(message.args, worker.id))
      .then(
        (result) => reply({ result }),
        (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
      );
  }
}

/** A worker's side: calls the primary's methods and hears its broadcasts. */
export class WorkerRpc {
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  readonly #topics = new Map<string, Set<(payload: unknown) => void>>();
  readonly #timeoutMs: number;
  #nextId = 0;

  constructor(options: { timeoutMs: number }) {
    this.#timeoutMs = options.timeoutMs;
    process.on('message', (message: unknown) => {
      if (isMessage<ReplyMessage>(message, REPLY)) this.#onReply(message);
      else if (isMessage<BroadcastMessage>(message, BROADCAST)) for (const listener of this.#topics.get(message.topic) ?? []) listener(message.payload);
    });
    // Without the primary there is no shared state: stop, so nothing is admitted on a stale view.
    process.once('disconnect', () => process.exit(1));
  }

  /** Calls `method` in the primary; rejects on its error, on timeout, or when the channel is closed. */
  call<T>(method: string, args: unknown): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`the primary did not answer ${method} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.#send({ type: CALL, id, method, args }, (error) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error);
      });
    });
  }

  /** Tells the primary something; no answer. Never throws. */
  notify(method: string, args: unknown): void {
    this.#send({ type: CALL, method, args }, () => undefined);
  }

  /** Calls `listener` with every broadcast on `topic`; returns the unsubscribe function. */
  on(topic: string, listener: (payload: unknown) => void): () => void {
    const listeners = this.#topics.get(topic) ?? new Set();
    listeners.add(listener);
    this.#topics.set(topic, listeners);
    return () => listeners.delete(listener);
  }

  #send(message: CallMessage, onError: (error: Error) => void): void {
    if (process.send === undefined || !process.connected) return onError(new Error('not connected to the primary'));
    process.send(message, undefined, undefined, (error: Error | null) => {
      if (error !== null) onError(error);
    });
  }

  #onReply(message: ReplyMessage): void {
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.error !== undefined) pending.reject(new Error(message.error));
    else pending.resolve(message.result);
  }
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/** How long a worker waits for the primary before giving up on a call (it answers in well under 1 ms). */
const PRIMARY_TIMEOUT_MS = 2_000;

let primary: PrimaryRpc | undefined;
let worker: WorkerRpc | undefined;

/** This primary's one RPC host (other shared stores, e.g. a response cache, add methods to it). */
export function primaryRpc(): PrimaryRpc {
  primary ??= new PrimaryRpc();
  return primary;
}

/** This worker's one channel to its primary. */
export function workerRpc(): WorkerRpc {
  worker ??= new WorkerRpc({ timeoutMs: PRIMARY_TIMEOUT_MS });
  return worker;
}
