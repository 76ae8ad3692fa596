/**
 * Route table of the fake OpenAI / Azure OpenAI upstream: which operation a method and path
 * name, with or without the `/v1` prefix, and the Azure deployment routes.
 */

/** The operations the fake serves. */
export type FakeOperation = 'chat' | 'completion' | 'embedding' | 'image' | 'models';

/** A resolved route. `deployment` is set for Azure `/openai/deployments/{deployment}/…` paths. */
export interface FakeRoute {
  operation: FakeOperation;
  deployment?: string;
}

const POST_ROUTES: Record<string, FakeOperation> = {
  '/chat/completions': 'chat',
  '/completions': 'completion',
  '/embeddings': 'embedding',
  '/images/generations': 'image',
};

const AZURE_PREFIX = /^\/openai\/deployments\/([^/]+)(\/.*)$/;

/**
 * Resolves a method and path (without query) to an operation, or `undefined` for a path the
 * fake does not serve. Azure deployment routes are only resolved when `azure` is true.
 */
export function resolveFakeRoute(method: string, path: string, azure: boolean): FakeRoute | undefined {
  const azureMatch = azure ? AZURE_PREFIX.exec(path) : null;
  if (azureMatch !== null) {
    const [, deployment = '', rest = ''] = azureMatch;
    const operation = method === 'POST' ? POST_ROUTES[rest] : undefined;
    return operation === undefined ? undefined : { operation, deployment: decodeURIComponent(deployment) };
  }
  const bare = path.startsWith('/v1/') ? path.slice(3) : path;
  if (method === 'GET' && bare === '/models') return { operation: 'models' };
  const operation = method === 'POST' ? POST_ROUTES[bare] : undefined;
  return operation === undefined ? undefined : { operation };
}
