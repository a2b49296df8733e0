import type { Logger } from 'pino';

/** One named step of the shutdown; it may be synchronous or return a promise. */
export interface ShutdownStep {
  name: string;
  run: () => unknown;
}

/**
 * The graceful stop as an ordered list of steps. Each step runs after the previous one settled; a
 * step that throws or rejects is logged with its name and the next one still runs, because a failed
 * step (say, a Redis that is already gone) must not leave the database open or the queue unwritten.
 * The returned stop runs the list once, however often it is called, and rejects after the last step
 * when any step failed (so the process can exit non-zero).
 */
export function orderedShutdown(log: Logger, steps: readonly ShutdownStep[]): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const run = async () => {
    log.info({ event: 'server.stopping' }, 'stopping');
    const failed: string[] = [];
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        failed.push(step.name);
        log.error({ event: 'server.stop_step_failed', step: step.name, err: error }, `${step.name} failed`);
      }
    }
    if (failed.length > 0) throw new Error(`Shutdown steps failed: ${failed.join(', ')}`);
    log.info({ event: 'server.stopped' }, 'stopped');
  };
  return () => {
    stopping ??= run();
    return stopping;
  };
}

/** The running parts the shutdown closes, as little of each as it needs. */
export interface StoppableParts {
  /** Marks the process draining (/readyz answers 503). */
  drain: () => void;
  httpServer: { close(): unknown; closeAllConnections(): void };
  yjs: { close(): void };
  io: { close(done: () => void): void };
  notifier: { stop(): Promise<void> };
  registry: { unloadAll(): Promise<void> };
  store: { close(): Promise<void> };
  lagSampler: { stop(): void };
  eventLog: { close(): Promise<void> };
  next?: { close(): Promise<void> };
  redis?: { close(): Promise<void> };
  database: { close(): Promise<void> };
  /** Takes the services away from the route handlers. */
  forgetServices: () => void;
}

/** Firedrill's stop, in order: stop taking work, let clients go, write everything, close the stores. */
export function firedrillShutdown(log: Logger, parts: StoppableParts): () => Promise<void> {
  return orderedShutdown(log, [
    // Draining: /readyz answers 503 and the listener closes, so the load balancer sends new
    // connections elsewhere; then every client is told to reconnect now (to another process).
    {
      name: 'stop listening',
      run: () => {
        parts.drain();
        parts.httpServer.close();
      },
    },
    { name: 'close Yjs connections', run: () => parts.yjs.close() },
    // io.close() drops the transports without a "server disconnect" packet, so clients treat it as a
    // network loss and reconnect to the next server by themselves.
    {
      name: 'close socket.io connections',
      run: () =>
        new Promise<void>((resolve) => {
          parts.io.close(() => resolve());
          parts.httpServer.closeAllConnections();
        }),
    },
    // Running deliveries finish (each within its timeout); queued ones wait in the database.
    { name: 'finish webhook deliveries', run: () => parts.notifier.stop() },
    { name: 'unload documents', run: () => parts.registry.unloadAll() },
    { name: 'write queued updates', run: () => parts.store.close() },
    // Last: the leaves of the closed sockets and the final lag samples (best effort, bounded wait).
    { name: 'record last lag samples', run: () => parts.lagSampler.stop() },
    { name: 'write the event log', run: () => parts.eventLog.close() },
    { name: 'stop Next', run: () => parts.next?.close() },
    { name: 'close Redis', run: () => parts.redis?.close() },
    { name: 'close the database', run: () => parts.database.close() },
    { name: 'forget services', run: () => parts.forgetServices() },
  ]);
}
