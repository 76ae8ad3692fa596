import type { Caller } from '../access/caller.ts';
import type { TeamRecord } from '../storage/team-repository.ts';

/** Request fields the gateway adds (see create-app.ts). */
declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by the auth hook before anything else runs. */
    caller: Caller;
    /** A virtual key's team, once the LLM route has loaded it. */
    callerTeam?: TeamRecord | undefined;
    /** performance.now() when the request arrived, for the duration headers. */
    startedAt: number;
  }
}

export {};
