import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { Topology } from '../live/ports';
import type { DocumentStore } from '../persistence/document-store';
import { BusDocSync } from './doc-sync';
import { redisLimiter } from './limits';
import { RedisDocBus } from './redis-doc-bus';
import { RowLockSequencer } from './row-lock-sequencer';

/** How this process joins the others. */
export interface ClusterOptions {
  redisUrl: string;
  /** Prefix of every Redis key and channel of this deployment. */
  prefix: string;
  processId: string;
  log: Logger;
  /**
   * The shared PostgreSQL (where commands take their workshop's row lock) and its document store,
   * read once the registry exists: Redis is connected first, so an unreachable Redis fails before the
   * database is touched.
   */
  storage: () => { db: Db; store: DocumentStore };
  /** How long to wait for Redis at start before giving up. Default 5 s. */
  connectTimeoutMs?: number;
}

/** The topology of a process beside others, with socket.io's official Redis adapter. */
export type ClusterTopology = Topology<ReturnType<typeof createAdapter>>;

/**
 * Opens the Redis connections of a process beside others (one to publish, one per subscriber) and waits
 * until they answer; an unreachable Redis at start is an error (the caller exits), a lost one later
 * is survived: ioredis reconnects with backoff, publishes fail fast meanwhile (no offline queue to
 * grow), and the document bus catches every loaded document up from PostgreSQL once it is back.
 */
export async function openCluster(options: ClusterOptions): Promise<ClusterTopology> {
  const { log } = options;
  const connect = (role: string, offlineQueue: boolean) => {
    const client = new Redis(options.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: offlineQueue,
      maxRetriesPerRequest: offlineQueue ? null : 1,
      connectionName: `firedrill:${options.processId}:${role}`,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    });
    let up = false;
    client.on('ready', () => {
      if (!up) log.info({ event: 'redis.ready', role }, 'Redis connected');
      up = true;
    });
    client.on('error', (error: Error) => {
      if (up) log.error({ event: 'redis.lost', role, err: error.message }, 'Redis connection lost');
      up = false;
    });
    return client;
  };
  const publisher = connect('publish', false);
  // Subscribers queue their SUBSCRIBE while Redis is away and ioredis re-subscribes on reconnect.
  const busSubscriber = connect('bus', true);
  const adapterSubscriber = connect('adapter', true);
  const clients = [publisher, busSubscriber, adapterSubscriber];
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  try {
    await Promise.all(
      clients.map((client) =>
        Promise.race([
          client.connect(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref()),
        ]),
      ),
    );
  } catch (error) {
    for (const client of clients) client.disconnect();
    throw new Error(`Redis at ${redactUrl(options.redisUrl)} is unreachable: ${(error as Error).message}`);
  }

  // The adapter publishes without awaiting; a publish refused while Redis is away must not become an
  // unhandled rejection (which would end the process).
  const adapterPublisher = new Proxy(publisher, {
    get(target, property, receiver) {
      if (property === 'publish')
        return (...args: Parameters<Redis['publish']>) => target.publish(...args).catch(() => 0);
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const bus = new RedisDocBus({
    publisher,
    subscriber: busSubscriber,
    prefix: options.prefix,
    processId: options.processId,
    log,
  });
  const sync = new BusDocSync(bus, { log });
  return {
    sync,
    sequencer: (docs) => {
      const { db, store } = options.storage();
      return new RowLockSequencer(db, store, docs);
    },
    multiProcess: true,
    adapter: createAdapter(adapterPublisher, adapterSubscriber, {
      key: `${options.prefix}socket.io`,
      requestsTimeout: 2_000,
    }),
    limiter: (name, points, seconds) => redisLimiter(publisher, options.prefix)(name, { points, seconds }),
    isHealthy: () => clients.every((client) => client.status === 'ready'),
    close: async () => {
      sync.stop();
      await Promise.allSettled(clients.map((client) => client.quit()));
      for (const client of clients) client.disconnect();
    },
  };
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
