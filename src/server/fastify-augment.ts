import type { Caller } from '../access/caller.ts';

/** Request fields the gateway adds (see create-app.ts). */
declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by the auth hook before anything else runs. */
    caller: Caller;
    /** performance.now() when the request arrived, for the duration headers. */
    startedAt: number;
  }
}

export {};
