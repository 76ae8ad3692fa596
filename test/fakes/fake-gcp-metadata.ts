/**
 * A fake GCE / GKE metadata server, for tests of Application Default Credentials: the
 * endpoints google-auth-library (through gcp-metadata) reads, each answering only requests
 * with `Metadata-Flavor: Google` and answering with that header, as the real server does.
 *
 * - `GET /computeMetadata/v1/instance` — the availability probe.
 * - `GET /computeMetadata/v1/instance/service-accounts/default/token?scopes=…` — an access token.
 * - `GET /computeMetadata/v1/project/project-id` — the project.
 * - `GET /computeMetadata/v1/universe/universe-domain` — `googleapis.com`.
 *
 * google-auth-library finds it through `GCE_METADATA_HOST`; {@link useFakeMetadataHost} sets it
 * and gives back a function restoring the previous value.
 */
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from '../support/loopback-server.ts';

export interface FakeGcpMetadata {
  /** `127.0.0.1:PORT`, the value for GCE_METADATA_HOST. */
  readonly host: string;
  /** Every token handed out, in order. */
  readonly tokens: string[];
  /** The `scopes` query of each token request. */
  readonly scopes: string[];
  /** The current token (the last one handed out), or undefined before the first request. */
  currentToken(): string | undefined;
  close(): Promise<void>;
}

export interface FakeGcpMetadataOptions {
  project?: string;
  /** Seconds a token lives (`expires_in`); default 3599. */
  expiresIn?: number;
}

/** Starts a fake metadata server on 127.0.0.1 with a random port. */
export async function startFakeGcpMetadata(options: FakeGcpMetadataOptions = {}): Promise<FakeGcpMetadata> {
  const tokens: string[] = [];
  const scopes: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://metadata.invalid');
    const reply = (status: number, body: string, type = 'application/text'): void => {
      res.writeHead(status, { 'metadata-flavor': 'Google', 'content-type': type });
      res.end(body);
    };
    if (req.headers['metadata-flavor'] !== 'Google') return reply(403, 'Missing Metadata-Flavor:Google header.');
    switch (url.pathname) {
      case '/computeMetadata/v1/instance':
      case '/computeMetadata/v1/instance/':
        return reply(200, 'attributes/\nhostname\nid\nservice-accounts/\nzone\n');
      case '/computeMetadata/v1/instance/service-accounts/default/token': {
        const token = `ya29.fake-metadata-token-${tokens.length + 1}`;
        tokens.push(token);
        scopes.push(url.searchParams.get('scopes') ?? '');
        return reply(200, JSON.stringify({ access_token: token, expires_in: options.expiresIn ?? 3599, token_type: 'Bearer' }), 'application/json');
      }
      case '/computeMetadata/v1/project/project-id':
        return reply(200, options.project ?? 'fake-metadata-project');
      case '/computeMetadata/v1/universe/universe-domain':
        return reply(200, 'googleapis.com');
      default:
        return reply(404, 'Not Found');
    }
  });
  const port = await listenOnLoopback(server);
  return {
    host: `127.0.0.1:${port}`,
    tokens,
    scopes,
    currentToken: () => tokens.at(-1),
    close: () => closeServer(server),
  };
}

/**
 * Points google-auth-library at `host` (GCE_METADATA_HOST) and makes sure no other ADC source
 * (GOOGLE_APPLICATION_CREDENTIALS) wins. Returns a function that restores the environment.
 */
export function useFakeMetadataHost(host: string): () => void {
  const saved = { GCE_METADATA_HOST: process.env['GCE_METADATA_HOST'], GOOGLE_APPLICATION_CREDENTIALS: process.env['GOOGLE_APPLICATION_CREDENTIALS'] };
  process.env['GCE_METADATA_HOST'] = host;
  delete process.env['GOOGLE_APPLICATION_CREDENTIALS'];
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
