/**
 * Local `redis-server` processes a test starts for itself: a 3-master Redis Cluster, a master
 * watched by one Sentinel, or one server speaking only TLS. Ports are asked from the kernel (bound to 0, then freed);
 * data lives in a temporary directory; `stop()` kills the processes.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from '../../bench/free-port.ts';
import type { RedisNode } from '../../src/config/redis-options.ts';

const run = promisify(execFile);

export interface RedisServers {
  nodes: RedisNode[];
  stop(): Promise<void>;
}

/** Starts `redis-server` with `args` and resolves once it accepts connections. */
async function startServer(args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (ready.test(line)) {
      child.stdout!.resume();
      return child;
    }
  }
  throw new Error(`redis-server ${args.join(' ')} exited before it was ready`);
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map(async (child) => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }));
}

const COMMON = ['--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];

/** Three masters joined by `redis-cli --cluster create`, all 16384 slots assigned. */
export async function startRedisCluster(): Promise<RedisServers> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-redis-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: RedisNode[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const busPort = await freePort();
      children.push(await startServer(['--port', String(port), '--cluster-enabled', 'yes', '--cluster-port', String(busPort), '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, ...COMMON], /Ready to accept connections/));
      nodes.push({ host: '127.0.0.1', port });
    }
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    // `--cluster create` waits for the nodes to agree on the configuration; wait for every node to say so too.
    for (const node of nodes) await untilOutput(['-p', String(node.port), 'cluster', 'info'], /cluster_state:ok/);
  } catch (error) {
    await stopAll(children);
    throw error;
  }
  return { nodes, stop: () => stopAll(children) };
}

/** One master (named `mymaster`) and one Sentinel watching it; `nodes` are the Sentinels. */
export async function startRedisSentinel(options: { serviceName: string }): Promise<RedisServers> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-redis-sentinel-'));
  const children: ChildProcess[] = [];
  try {
    const masterPort = await freePort();
    children.push(await startServer(['--port', String(masterPort), '--dir', dir, ...COMMON], /Ready to accept connections/));
    const sentinelPort = await freePort();
    const config = join(dir, 'sentinel.conf');
    await writeFile(config, [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor ${options.serviceName} 127.0.0.1 ${masterPort} 1`, ''].join('\n'));
    children.push(await startServer([config, '--sentinel'], /Sentinel ID is|monitor master/));
    await untilOutput(['-p', String(sentinelPort), 'sentinel', 'get-master-addr-by-name', options.serviceName], new RegExp(String(masterPort)));
    return { nodes: [{ host: '127.0.0.1', port: sentinelPort }], stop: () => stopAll(children) };
  } catch (error) {
    await stopAll(children);
    throw error;
  }
}

/** Runs `redis-cli args` until its output matches (another process's state: nothing to await). */
async function untilOutput(args: string[], pattern: RegExp): Promise<void> {
  let last = '';
  for (let i = 0; i < 200; i++) {
    last = (await run('redis-cli', args).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))).stdout;
    if (pattern.test(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-cli ${args.join(' ')} never matched ${pattern}: ${last}`);
}

/** One server on a TLS port only, with a self-signed certificate for 127.0.0.1 (`caFile`). */
export async function startRedisTls(): Promise<RedisServers & { url: string; caFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-redis-tls-'));
  const [key, cert] = [join(dir, 'server.key'), join(dir, 'server.crt')];
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
  const port = await freePort();
  const child = await startServer(['--port', '0', '--tls-port', String(port), '--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no', '--dir', dir, ...COMMON], /Ready to accept connections/);
  return { nodes: [{ host: '127.0.0.1', port }], url: `rediss://127.0.0.1:${port}`, caFile: cert, stop: () => stopAll([child]) };
}
