/**
 * A fake AWS STS (Query protocol: form-encoded POST, XML answers) for credential tests:
 * `AssumeRole` (SigV4-signed with base credentials, checked like Bedrock checks its
 * requests) and `AssumeRoleWithWebIdentity` (unsigned, checked against known tokens). It
 * issues temporary credentials (access key, secret, session token, expiry) that a fake
 * Bedrock can accept through {@link FakeAwsSts.lookup}.
 */
import { randomBytes } from 'node:crypto';
import { readRequestBody, startFakeHttpServer, type FakeHttpServer, type FakeResponse } from './fake-bedrock-http.ts';
import { verifySigV4, type FakeAwsCredentials } from './fake-bedrock-sigv4.ts';

/** One STS call as received. */
export interface FakeStsCall {
  action: string;
  params: Record<string, string>;
  /** The access key id that signed an AssumeRole call. */
  signedBy: string | undefined;
}

export interface FakeAwsStsOptions {
  /** The region signatures must be scoped to; default us-east-1. */
  region?: string;
  /** Base credentials allowed to call AssumeRole. */
  baseCredentials?: FakeAwsCredentials[];
  /** Roles that may be assumed; `externalId` makes AssumeRole require that ExternalId. */
  roles: { arn: string; externalId?: string }[];
  /** Tokens AssumeRoleWithWebIdentity accepts. */
  webIdentityTokens?: string[];
  /** Lifetime of issued credentials; default 3600 s. */
  durationSeconds?: number;
}

/** A running fake STS. */
export interface FakeAwsSts {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly calls: FakeStsCall[];
  /** Credentials issued so far, newest last. */
  readonly issued: FakeAwsCredentials[];
  /** Finds issued credentials by access key id (for a fake Bedrock's `lookup`). */
  lookup(accessKeyId: string): FakeAwsCredentials | undefined;
  close(): Promise<void>;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function writeXml(res: FakeResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(xml)), 'x-amzn-requestid': randomBytes(8).toString('hex') });
  res.end(xml);
}

function writeStsError(res: FakeResponse, error: { status: number; code: string; message: string }): void {
  writeXml(
    res,
    error.status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
  );
}

/** Starts a fake STS on 127.0.0.1 (random port). Always `close()` it. */
export async function startFakeAwsSts(options: FakeAwsStsOptions): Promise<FakeAwsSts> {
  const region = options.region ?? 'us-east-1';
  const calls: FakeStsCall[] = [];
  const issued: FakeAwsCredentials[] = [];
  const lookup = (id: string): FakeAwsCredentials | undefined => issued.find((c) => c.accessKeyId === id);

  function issue(res: FakeResponse, args: { action: string; roleArn: string; sessionName: string }): void {
    const credentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(48).toString('base64')}`,
    };
    issued.push(credentials);
    const expiration = new Date(Date.now() + (options.durationSeconds ?? 3600) * 1000).toISOString();
    const roleName = args.roleArn.split('/').at(-1) ?? 'role';
    const extra = args.action === 'AssumeRoleWithWebIdentity' ? '<SubjectFromWebIdentityToken>system:serviceaccount:default:switchyard</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><Provider>arn:aws:iam::123456789012:oidc-provider/fake</Provider>' : '<PackedPolicySize>6</PackedPolicySize>';
    writeXml(
      res,
      200,
      `<${args.action}Response xmlns="${XMLNS}"><${args.action}Result>` +
        `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${escapeXml(credentials.secretAccessKey)}</SecretAccessKey>` +
        `<SessionToken>${escapeXml(credentials.sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>AROAFAKE:${escapeXml(args.sessionName)}</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/${escapeXml(roleName)}/${escapeXml(args.sessionName)}</Arn></AssumedRoleUser>` +
        `${extra}</${args.action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${args.action}Response>`,
    );
  }

  const server: FakeHttpServer = await startFakeHttpServer((req, res) => {
    void (async () => {
      const body = await readRequestBody(req);
      const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      const action = params['Action'] ?? '';
      const call: FakeStsCall = { action, params, signedBy: undefined };
      calls.push(call);
      const role = options.roles.find((r) => r.arn === params['RoleArn']);
      const sessionName = params['RoleSessionName'] ?? '';
      if (action === 'AssumeRole') {
        const verified = await verifySigV4({ method: req.method ?? 'POST', rawPath: req.url ?? '/', headers: req.headers, body, service: 'sts', region, lookup: (id) => options.baseCredentials?.find((c) => c.accessKeyId === id) });
        if (!verified.ok) return writeStsError(res, { status: verified.rejection.status, code: verified.rejection.errorType, message: verified.rejection.message });
        call.signedBy = verified.accessKeyId;
        if (role === undefined) return writeStsError(res, { status: 403, code: 'AccessDenied', message: `User is not authorized to perform: sts:AssumeRole on resource: ${params['RoleArn'] ?? ''}` });
        if (role.externalId !== undefined && params['ExternalId'] !== role.externalId) return writeStsError(res, { status: 403, code: 'AccessDenied', message: 'ExternalId does not match' });
        return issue(res, { action, roleArn: role.arn, sessionName });
      }
      if (action === 'AssumeRoleWithWebIdentity') {
        if (options.webIdentityTokens?.includes(params['WebIdentityToken'] ?? '') !== true) {
          return writeStsError(res, { status: 400, code: 'InvalidIdentityToken', message: 'Couldn\'t retrieve verification key from your identity provider' });
        }
        if (role === undefined) return writeStsError(res, { status: 403, code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
        return issue(res, { action, roleArn: role.arn, sessionName });
      }
      return writeStsError(res, { status: 400, code: 'InvalidAction', message: `Could not find operation ${action}` });
    })().catch(() => res.destroy());
  });

  return { url: server.url, calls, issued, lookup, close: () => server.close() };
}
