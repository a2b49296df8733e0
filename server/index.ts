/**
 * The process: reads the configuration, starts Firedrill on one port (Next.js app, socket.io at
 * /socket.io/, Yjs at /yjs/<workshopId>) and stops it gracefully on SIGTERM/SIGINT. Exit codes: 2 for a
 * configuration it refuses, 1 for a failed start or stop.
 */
import { ConfigError, type FiredrillConfig, readConfig } from './config';
import { startFiredrill } from './main/start';
import { createLogger } from './ops/log';

// Next.js would otherwise print a telemetry notice and phone home; this server never does.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

let config: FiredrillConfig;
try {
  config = readConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const log = createLogger(config.logLevel);
// A failure in a background task (a Redis or database call nobody awaits) is logged, not fatal: one
// flaky dependency must not take down every room this process serves.
process.on('unhandledRejection', (reason) => {
  log.error({ event: 'process.unhandled_rejection', err: reason }, 'unhandled rejection');
});

try {
  const server = await startFiredrill(config, { log, withNext: true });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ event: 'server.stop_failed', err: error }, 'could not stop cleanly');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  log.fatal({ event: 'server.start_failed', err: error }, (error as Error).message);
  process.exit(1);
}
