import { loadConfig, type Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { DfeFeedScheduler } from '../../returns/dfe-api/schedule.ts';
import { DfeSender } from '../../returns/dfe-api/sender.ts';
import { buildApp, safeLoggerOptions } from '../../web/app.ts';
import { CliError, parseOptions, type Command } from '../command.ts';
import { openConfiguredDatabase } from '../database-from-config.ts';

export interface StartServerOptions {
  port?: number;
  /** An already-open (and perhaps seeded) database; opened from the configuration otherwise. */
  handle?: DatabaseHandle;
  config?: Config;
  /** Stop on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  /** Stops listening, lets requests in flight finish and closes the database. */
  close(): Promise<void>;
  /** Settles when the server has shut down (after a signal or close()). */
  closed: Promise<void>;
}

/** Opens and migrates the database, builds the app and listens; shared by `hearth serve` and `hearth start`. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? ((line: string) => console.log(line));
  const handle = options.handle ?? (await openConfiguredDatabase());
  await migrateToLatest(handle.db);
  const app = await buildApp({ db: handle.db, config, logger: config.production ? safeLoggerOptions('info') : false });
  const port = options.port ?? config.port;
  try {
    await app.listen({ port, host: config.host });
  } catch (err) {
    await app.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw new CliError(`cannot listen on ${config.host}:${port}: ${(err as Error).message}`);
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${actualPort}`;
  log(`Hearth is listening on ${url} (${handle.kind} database). Press Ctrl+C to stop.`);
  const feed = config.dfeFeed
    ? new DfeFeedScheduler({ db: handle.db, kind: handle.kind, sender: new DfeSender(config.dfeFeed.api), time: config.dfeFeed.time, councils: config.dfeFeed.councils, log })
    : null;
  feed?.start();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    log(`Received ${signal}; shutting down.`);
    void close();
  };
  function close(): Promise<void> {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await feed?.stop();
      await app.close();
      await handle.close();
      resolveClosed();
    })();
    return closing;
  }
  if (options.handleSignals !== false) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { url, close, closed };
}

export const serve: Command = {
  name: 'serve',
  summary: 'Run the web application (migrates the database first)',
  usage: '[--port N]',
  async run(args) {
    const { values } = parseOptions(args, { port: { type: 'string' } });
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
    }
    const server = await startServer(port === undefined ? {} : { port });
    await server.closed;
  },
};
