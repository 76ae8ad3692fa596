/**
 * SigV4 verification for the fake AWS services: recomputes the signature of a received
 * request with `@smithy/signature-v4` from the known test credentials and compares it, so a
 * request signed wrongly (bad path encoding, a header changed after signing, another body,
 * a wrong region or service) is rejected as AWS would reject it.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** A key pair (and, for temporary credentials, the session token) the fake accepts. */
export interface FakeAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Finds the credentials for an access key id; undefined → UnrecognizedClientException. */
export type CredentialLookup = (accessKeyId: string) => FakeAwsCredentials | undefined;

/** An AWS-style rejection: HTTP status, `x-amzn-errortype` and message. */
export interface AwsRejection {
  status: number;
  errorType: string;
  message: string;
}

export interface VerifySigV4Options {
  method: string;
  /** The request target exactly as received (path plus query, still percent-encoded). */
  rawPath: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  service: string;
  region: string;
  lookup: CredentialLookup;
}

/** The outcome: the verified access key id, or the rejection to answer with. */
export type SigV4Result = { ok: true; accessKeyId: string } | { ok: false; rejection: AwsRejection };

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

const reject = (status: number, errorType: string, message: string): SigV4Result => ({ ok: false, rejection: { status, errorType, message } });

/** Verifies the `Authorization: AWS4-HMAC-SHA256 …` header of one request. */
export async function verifySigV4(options: VerifySigV4Options): Promise<SigV4Result> {
  const header = headerValue(options.headers, 'authorization');
  if (header === undefined) return reject(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const match = AUTHORIZATION.exec(header);
  if (match === null) return reject(403, 'IncompleteSignatureException', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${header.split(' ')[0] ?? ''}`);
  const [, accessKeyId = '', , region, service, signedHeaderList = '', signature] = match;
  if (region !== options.region) return reject(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${region ?? ''}'.`);
  if (service !== options.service) return reject(403, 'InvalidSignatureException', `Credential should be scoped to correct service: '${options.service}'.`);
  const credentials = options.lookup(accessKeyId);
  if (credentials === undefined) return reject(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (credentials.sessionToken !== undefined && headerValue(options.headers, 'x-amz-security-token') !== credentials.sessionToken) {
    return reject(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const amzDate = headerValue(options.headers, 'x-amz-date');
  const signedNames = signedHeaderList.split(';');
  if (amzDate === undefined || !signedNames.includes('x-amz-date')) return reject(403, 'IncompleteSignatureException', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
  if (!signedNames.includes('host') && !signedNames.includes(':authority')) return reject(403, 'InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  const declaredHash = headerValue(options.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(options.body).digest('hex')) {
    return reject(400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
  }
  const expected = await expectedSignature({ options, credentials, signedNames, amzDate });
  if (expected !== signature) {
    return reject(403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  }
  return { ok: true, accessKeyId };
}

async function expectedSignature(args: {
  options: VerifySigV4Options;
  credentials: FakeAwsCredentials;
  signedNames: string[];
  amzDate: string;
}): Promise<string | undefined> {
  const { options } = args;
  const headers: Record<string, string> = {};
  for (const name of args.signedNames) {
    const value = headerValue(options.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const [path = '/', search = ''] = options.rawPath.split('?', 2);
  const signer = new SignatureV4({ credentials: args.credentials, region: options.region, service: options.service, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    { method: options.method, protocol: 'http:', hostname: 'fake.invalid', path, query: parseQuery(search), headers, body: options.body },
    { signingDate: parseAmzDate(args.amzDate) },
  );
  const authorization = signed.headers['authorization'] ?? '';
  return /Signature=([0-9a-f]{64})/.exec(authorization)?.[1];
}

function parseQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/** `20250102T030405Z` → Date. */
function parseAmzDate(text: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m === null) return new Date(Number.NaN);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}
