/**
 * Child process of the intake benchmark (started by target-process.ts, never run by hand): serves
 * one target on 127.0.0.1, on a free port, so the load generator never shares this event loop.
 *
 * IPC protocol: the parent sends a TargetSpec; the child answers { port } once listening, or
 * { error } if it could not start. 'stop' (or the parent going away) shuts it down.
 *
 * Targets:
 *   amanat: the real server, started exactly as server/main.ts does (startServer).
 *   bare:   Express 5 + express.json that answers 201 without doing anything: the ceiling this
 *           machine and this client reach for the same bodies, to divide intake's numbers by.
 */
import { createServer, type Server } from 'node:http';
import express from 'express';
import { loadConfig } from '../../server/config';
import { startServer } from '../../server/main';
import { createLogger } from '../../server/platform/logger';

export type TargetSpec =
  | { readonly kind: 'amanat'; readonly env: Readonly<Record<string, string>> }
  | { readonly kind: 'bare' };

export type TargetMessage = { readonly port: number } | { readonly error: string };

async function startTarget(spec: TargetSpec): Promise<{ port: number; stop(): Promise<void> }> {
  if (spec.kind === 'amanat') {
    const running = await startServer(loadConfig(spec.env), createLogger('silent'));
    return { port: running.port, stop: () => running.shutdown() };
  }
  return await startBareExpress();
}

async function startBareExpress(): Promise<{ port: number; stop(): Promise<void> }> {
  const app = express();
  // Same app-level settings as buildApp, so the difference measured is intake's own work.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/api/reports', express.json({ limit: '512kb' }), (_req, res) => {
    res.status(201).json({ ok: true });
  });
  const server: Server = createServer(app);
  // Same server timeouts as startServer.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { port, stop };
}

/** Resolves once the message is handed to the IPC channel, so exiting right after loses nothing. */
function reply(message: TargetMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

process.once('message', (spec: TargetSpec) => {
  startTarget(spec).then(
    (target) => {
      let stopping = false;
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        target.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('message', (message) => {
        if (message === 'stop') stop();
      });
      // If the bench dies, do not linger holding a port and a database connection.
      process.once('disconnect', stop);
      void reply({ port: target.port });
    },
    (error: unknown) => {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      // A half-started server may hold a database connection open: exit rather than wait for it.
      void reply({ error: text }).then(() => process.exit(1));
    },
  );
});
