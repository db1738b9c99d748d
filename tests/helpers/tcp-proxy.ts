/**
 * A loopback TCP proxy for fault tests: put it between the app and the database and cut or slow
 * the connection on demand. Modes:
 *   - `pass`: bytes flow unchanged;
 *   - `delay`: every chunk, each way, arrives `ms` later (order kept);
 *   - `drop`: every open connection is reset and new ones are reset as soon as they arrive, as
 *     when a network path or a firewall dies;
 *   - `hold`: connections are accepted and stay open, but no byte gets through either way until
 *     the mode changes (then everything held flows on, in order), as when the database process
 *     freezes (stopped, swapping, a stuck disk) rather than dies;
 *   - `intercept`: bytes flow unchanged, except that a request (client to server) containing
 *     `match` is held until `onMatch` decides: pass it on, cut before the server sees it, or let
 *     the server run it and cut before its answer comes back (the client cannot tell whether it
 *     happened), or answer it in the server's place with an error that is not transient (the
 *     server never sees it, the connection stays up). Both cuts reset every connection and
 *     switch to `drop`. `commandPattern` builds the `match` for one database command on one
 *     collection.
 * TEST ONLY.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { BSON } from 'mongodb';

export type ProxyMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hold' }
  | {
      readonly kind: 'intercept';
      readonly match: Buffer;
      readonly onMatch: () => Promise<InterceptVerdict>;
    };

export type InterceptVerdict = 'forward' | 'cut-before' | 'cut-after-answer' | 'refuse';

/**
 * The bytes a MongoDB wire-protocol command document starts with, e.g. `insert` on `audit_log`:
 * the BSON string element `{ <command>: "<collection>" }`.
 */
export function commandPattern(command: string, collection: string): Buffer {
  const name = Buffer.from(`${collection}\0`);
  const length = Buffer.alloc(4);
  length.writeInt32LE(name.length);
  return Buffer.concat([Buffer.from([0x02]), Buffer.from(`${command}\0`), length, name]);
}

export interface TcpProxy {
  /** The port to point the client at (127.0.0.1). */
  readonly port: number;
  readonly mode: ProxyMode;
  setMode(mode: ProxyMode): void;
  /** Connections accepted and passed on, and connections reset (open ones on `drop`, new ones while dropping). */
  stats(): { readonly connections: number; readonly reset: number };
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** The server's next answer on this connection is lost (intercept 'cut-after-answer'). */
  cutOnAnswer: boolean;
}

export async function startTcpProxy(target: {
  readonly host: string;
  readonly port: number;
}): Promise<TcpProxy> {
  let mode: ProxyMode = { kind: 'pass' };
  const pairs = new Set<Pair>();
  let connections = 0;
  let reset = 0;
  /** Chunks held back by `hold`, each waiting for the mode to change. */
  let held: ((pass: boolean) => void)[] = [];
  const holdUntilModeChanges = (): Promise<boolean> =>
    new Promise((resolve) => {
      held.push(resolve);
    });
  const setMode = (next: ProxyMode): void => {
    mode = next;
    if (next.kind !== 'hold') {
      const waiting = held;
      held = [];
      for (const release of waiting) release(next.kind !== 'drop');
    }
    if (next.kind !== 'drop') return;
    for (const pair of [...pairs]) {
      reset += 1;
      pairs.delete(pair);
      if (!pair.client.destroyed) pair.client.resetAndDestroy();
      if (!pair.upstream.destroyed) pair.upstream.resetAndDestroy();
    }
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    if (mode.kind === 'drop') {
      reset += 1;
      client.resetAndDestroy();
      return;
    }
    connections += 1;
    const upstream = connect({ host: target.host, port: target.port });
    const pair: Pair = { client, upstream, cutOnAnswer: false };
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    forward(
      client,
      upstream,
      () => mode,
      (chunk) => {
        if (mode.kind === 'hold') return holdUntilModeChanges();
        if (mode.kind !== 'intercept' || !chunk.includes(mode.match)) return true;
        return mode.onMatch().then((verdict) => {
          if (verdict === 'cut-before') setMode({ kind: 'drop' });
          if (verdict === 'cut-after-answer') pair.cutOnAnswer = true;
          if (verdict === 'refuse' && !client.destroyed) client.write(refusalOf(chunk));
          return verdict !== 'cut-before' && verdict !== 'refuse';
        });
      },
    );
    forward(
      upstream,
      client,
      () => mode,
      () => {
        if (mode.kind === 'hold') return holdUntilModeChanges();
        if (!pair.cutOnAnswer) return true;
        setMode({ kind: 'drop' });
        return false;
      },
    );
    client.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    get mode() {
      return mode;
    },
    setMode,
    stats: () => ({ connections, reset }),
    close: async () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Wire-protocol OP_MSG (MongoDB 3.6 and later, FerretDB alike). */
const OP_MSG = 2013;

/**
 * The server's answer refusing the one OP_MSG command in `request`: `ok: 0` with code 121
 * (DocumentValidationFailure), which no driver retries and the app's db-errors.ts does not count
 * as the database being unavailable.
 */
function refusalOf(request: Buffer): Buffer {
  if (request.length < 16 || request.readInt32LE(12) !== OP_MSG) {
    throw new Error('TEST ONLY: the intercepted chunk does not start with an OP_MSG command');
  }
  const body = BSON.serialize({
    ok: 0,
    errmsg: 'TEST ONLY: refused by the fault proxy',
    code: 121,
    codeName: 'DocumentValidationFailure',
  });
  const header = Buffer.alloc(21);
  header.writeInt32LE(header.length + body.length, 0);
  header.writeInt32LE(0, 4); // the answer's own request id
  header.writeInt32LE(request.readInt32LE(4), 8); // responseTo: the command's request id
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16); // flag bits
  header.writeUInt8(0, 20); // section kind 0: the body document
  return Buffer.concat([header, body]);
}

/**
 * Copies `from` to `to`, holding each chunk back by the current delay without reordering.
 * `admit` may hold a chunk (the socket pauses until it decides) or drop it (false).
 */
function forward(
  from: Socket,
  to: Socket,
  currentMode: () => ProxyMode,
  admit: (chunk: Buffer) => boolean | Promise<boolean>,
): void {
  let lastDueAt = 0;
  let pending = 0;
  from.on('data', (chunk: Buffer) => {
    const admitted = admit(chunk);
    if (admitted === false) return;
    if (admitted !== true) {
      from.pause();
      pending += 1;
      void admitted.then((pass) => {
        pending -= 1;
        if (pass && !to.destroyed) to.write(chunk);
        from.resume();
      });
      return;
    }
    const mode = currentMode();
    const delayMs = mode.kind === 'delay' ? mode.ms : 0;
    if (delayMs === 0 && pending === 0) {
      if (!to.destroyed) to.write(chunk);
      return;
    }
    // Later chunks never overtake earlier ones, even after the delay is lifted.
    const dueAt = Math.max(Date.now() + delayMs, lastDueAt);
    lastDueAt = dueAt;
    pending += 1;
    setTimeout(() => {
      pending -= 1;
      if (!to.destroyed) to.write(chunk);
    }, dueAt - Date.now());
  });
  from.on('end', () => {
    const finish = (): void => {
      if (pending > 0) setTimeout(finish, 5);
      else if (!to.destroyed) to.end();
    };
    finish();
  });
}
