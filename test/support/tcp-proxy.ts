import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/** A TCP proxy a test can cut (every connection dropped, new ones refused) or stall, and restore. */
export interface TcpProxy {
  /** `host:port` to connect to instead of the target. */
  readonly address: string;
  /** Drops every open connection and resets new ones until `restore()`. */
  cut(): void;
  /** Holds the target's answers back (connections stay open, nothing arrives) until `restore()`. */
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let down = false;
  let stalled = false;
  const server = createServer((client) => {
    if (down) return void client.resetAndDestroy();
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    if (!stalled) upstream.pipe(client);
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dropAll = (): void => {
    for (const socket of sockets) socket.resetAndDestroy();
  };
  return {
    address: `127.0.0.1:${port}`,
    cut: () => {
      down = true;
      dropAll();
    },
    stall: () => {
      stalled = true;
      for (const { client, upstream } of pairs) upstream.unpipe(client);
    },
    restore: () => {
      down = false;
      if (stalled) for (const { client, upstream } of pairs) upstream.pipe(client);
      stalled = false;
    },
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
