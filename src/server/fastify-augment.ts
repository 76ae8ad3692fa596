/** Request fields the gateway adds (see create-app.ts). */
declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the request arrived, for the duration headers. */
    startedAt: number;
  }
}

export {};
