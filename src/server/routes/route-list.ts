import type { FastifyInstance, RouteOptions } from 'fastify';

interface RouteInfo {
  path: string;
  methods: string[];
}

/**
 * GET /routes: every route the gateway serves (LiteLLM's shape: `{"routes":[{path, methods}]}`).
 * Must be registered before the other routes so the onRoute hook sees them.
 */
export function registerRouteList(app: FastifyInstance): void {
  const routes = new Map<string, RouteInfo>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length === 0) return;
    const known = routes.get(route.url);
    if (known === undefined) routes.set(route.url, { path: route.url, methods: [...methods] });
    else for (const m of methods) if (!known.methods.includes(m)) known.methods.push(m);
  });
  app.get('/routes', async () => ({ routes: [...routes.values()] }));
}
