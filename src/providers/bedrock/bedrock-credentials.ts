import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { redactSecrets } from '../../provider-kit/redact-secrets.ts';
import { BEDROCK_PROVIDER_NAME } from './bedrock-error.ts';

/** An AWS key pair, with the session token and expiry of temporary credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  readonly expiration?: Date | undefined;
}

/** How one call authenticates: a Bedrock API key (bearer, no signing) or SigV4 credentials. */
export type BedrockAuth = { kind: 'bearer'; token: string } | { kind: 'sigv4'; credentials: AwsCredentials };

type CredentialSource = () => Promise<AwsCredentials>;

/** Temporary credentials are renewed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const DEFAULT_SESSION_NAME = 'switchyard-bedrock';

interface CacheEntry {
  source: CredentialSource;
  credentials?: AwsCredentials;
  pending?: Promise<AwsCredentials>;
}

function param(d: Deployment, name: string): string | undefined {
  const value = d.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The region: `aws_region_name`, else AWS_REGION_NAME / AWS_REGION / AWS_DEFAULT_REGION, else us-west-2 (LiteLLM's default). */
export function bedrockRegion(d: Deployment): string {
  return param(d, 'aws_region_name') ?? env('AWS_REGION_NAME') ?? env('AWS_REGION') ?? env('AWS_DEFAULT_REGION') ?? 'us-west-2';
}

/** The Bedrock API key for bearer auth: `api_key`, else AWS_BEARER_TOKEN_BEDROCK when no AWS credentials are configured. */
function bearerToken(d: Deployment): string | undefined {
  const explicit = param(d, 'api_key');
  if (explicit !== undefined) return explicit;
  const configured = ['aws_access_key_id', 'aws_role_name', 'aws_profile_name', 'aws_web_identity_token'].some((name) => param(d, name) !== undefined);
  return configured ? undefined : env('AWS_BEARER_TOKEN_BEDROCK');
}

/** A web identity token: the value itself, or (for a path that exists) the file's content, re-read on each renewal. */
function readWebIdentityToken(value: string): string {
  if ((value.startsWith('/') || value.startsWith('.')) && existsSync(value)) return readFileSync(value, 'utf8').trim();
  return value;
}

/** The STS client settings: region and, when set, `aws_sts_endpoint` / AWS_ENDPOINT_URL_STS. */
function stsClientConfig(d: Deployment): { region: string; endpoint?: string } {
  const endpoint = param(d, 'aws_sts_endpoint') ?? env('AWS_ENDPOINT_URL_STS');
  const region = bedrockRegion(d);
  return endpoint === undefined ? { region } : { region, endpoint };
}

function staticKeys(d: Deployment): AwsCredentials | undefined {
  const accessKeyId = param(d, 'aws_access_key_id');
  const secretAccessKey = param(d, 'aws_secret_access_key');
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: param(d, 'aws_session_token') };
}

/**
 * The credential source for a deployment, in LiteLLM's order: web identity token + role →
 * AssumeRoleWithWebIdentity; role → AssumeRole with the base credentials (skipped under IRSA
 * when AWS_ROLE_ARN already names that role); a named profile; static keys; the default
 * chain (env, IRSA, profiles, ECS, IMDS).
 */
function credentialSource(d: Deployment): CredentialSource {
  const clientConfig = stsClientConfig(d);
  const roleArn = param(d, 'aws_role_name');
  const sessionName = param(d, 'aws_session_name') ?? DEFAULT_SESSION_NAME;
  const webToken = param(d, 'aws_web_identity_token');
  const keys = staticKeys(d);
  if (webToken !== undefined && roleArn !== undefined) {
    return async () => {
      const { fromWebToken } = await loadProviders();
      const provider = fromWebToken({ roleArn, roleSessionName: sessionName, webIdentityToken: readWebIdentityToken(webToken), clientConfig });
      return provider();
    };
  }
  const irsaRole = env('AWS_ROLE_ARN') === roleArn && env('AWS_WEB_IDENTITY_TOKEN_FILE') !== undefined;
  if (roleArn !== undefined && !irsaRole) {
    const externalId = param(d, 'aws_external_id');
    const params = { RoleArn: roleArn, RoleSessionName: sessionName, ...(externalId === undefined ? {} : { ExternalId: externalId }) };
    return once(async () => {
      const { fromNodeProviderChain, fromTemporaryCredentials } = await loadProviders();
      const masterCredentials = keys ?? fromNodeProviderChain({ clientConfig });
      return fromTemporaryCredentials({ params, masterCredentials, clientConfig });
    });
  }
  const profile = param(d, 'aws_profile_name');
  if (profile !== undefined) return once(async () => (await loadProviders()).fromIni({ profile, clientConfig }));
  if (keys !== undefined) return () => Promise.resolve(keys);
  return once(async () => (await loadProviders()).fromNodeProviderChain({ clientConfig }));
}

/** The AWS credential providers, loaded on first use of a Bedrock deployment that needs them (not at start). */
function loadProviders(): Promise<typeof import('@aws-sdk/credential-providers')> {
  providersModule ??= import('@aws-sdk/credential-providers');
  return providersModule;
}
let providersModule: Promise<typeof import('@aws-sdk/credential-providers')> | undefined;

/** A source whose provider is built once (the provider keeps its own state), on first call. */
function once(build: () => Promise<() => Promise<AwsCredentials>>): CredentialSource {
  let provider: Promise<() => Promise<AwsCredentials>> | undefined;
  return async () => {
    provider ??= build();
    return (await provider)();
  };
}

/** What decides a deployment's credentials (hashed: the key never holds a secret in clear). */
function cacheKey(d: Deployment): string {
  const names = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_region_name', 'aws_role_name', 'aws_session_name', 'aws_profile_name', 'aws_web_identity_token', 'aws_external_id', 'aws_sts_endpoint'];
  const envNames = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_STS', 'AWS_REGION'];
  const material = JSON.stringify([names.map((n) => param(d, n) ?? null), envNames.map((n) => env(n) ?? null)]);
  return createHash('sha256').update(material).digest('hex');
}

function usable(credentials: AwsCredentials | undefined, now: number): credentials is AwsCredentials {
  if (credentials === undefined) return false;
  return credentials.expiration === undefined || credentials.expiration.getTime() - now > REFRESH_MARGIN_MS;
}

/** Resolves how a deployment authenticates; one per provider instance. */
export interface BedrockAuthResolver {
  resolve(d: Deployment): Promise<BedrockAuth>;
  /** Values that must never appear in an error message for this deployment. */
  secrets(d: Deployment): (string | undefined)[];
}

/**
 * Auth for Bedrock calls. Credentials are cached per configuration and reused until shortly
 * before they expire; concurrent calls share one STS round trip. A failure to obtain
 * credentials is a 401 whose message names no secret.
 */
export function createBedrockAuthResolver(): BedrockAuthResolver {
  const cache = new Map<string, CacheEntry>();

  async function refresh(entry: CacheEntry, d: Deployment): Promise<AwsCredentials> {
    try {
      const credentials = await entry.source();
      entry.credentials = credentials;
      return credentials;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new GatewayError(
        'upstream_authentication',
        redactSecrets(`litellm.AuthenticationError: ${BEDROCK_PROVIDER_NAME}Exception - could not obtain AWS credentials: ${why}`, secretsOf(d)),
        { cause: error },
      );
    } finally {
      delete entry.pending;
    }
  }

  function secretsOf(d: Deployment): (string | undefined)[] {
    const current = cache.get(cacheKey(d))?.credentials;
    return [
      param(d, 'api_key'), env('AWS_BEARER_TOKEN_BEDROCK'), param(d, 'aws_secret_access_key'), param(d, 'aws_session_token'),
      param(d, 'aws_web_identity_token'), env('AWS_SECRET_ACCESS_KEY'), env('AWS_SESSION_TOKEN'), current?.secretAccessKey, current?.sessionToken,
    ];
  }

  return {
    secrets: secretsOf,
    async resolve(d) {
      const token = bearerToken(d);
      if (token !== undefined) return { kind: 'bearer', token };
      const key = cacheKey(d);
      let entry = cache.get(key);
      if (entry === undefined) {
        entry = { source: credentialSource(d) };
        cache.set(key, entry);
      }
      if (usable(entry.credentials, Date.now())) return { kind: 'sigv4', credentials: entry.credentials };
      entry.pending ??= refresh(entry, d);
      return { kind: 'sigv4', credentials: await entry.pending };
    },
  };
}
