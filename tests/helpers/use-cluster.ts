/**
 * The one cluster fixture of the test suites: a Redis of the file's own, a fresh PostgreSQL database
 * and `startCluster` (tests/helpers/cluster.ts) in `beforeAll`, and everything stopped, dropped and
 * cleaned in `afterAll`, also when start-up failed half way.
 *
 *   const live = useCluster({ processes: 2, env: { LOG_LEVEL: 'info' } });
 *   it('…', async () => { await fetch(`${live.cluster.url}/readyz`); await live.redis.stop(); });
 *
 * Kept apart from cluster.ts, which the benchmarks import outside vitest.
 */
import { afterAll, beforeAll } from 'vitest';
import {
  type Cluster,
  type ClusterDatabase,
  type ClusterOptions,
  createTestDatabase,
  type PrivateRedis,
  startCluster,
  startPrivateRedis,
} from './cluster';

/** What `useCluster` starts; each getter throws until `beforeAll` has started it. */
export interface ClusterFixture {
  cluster: Cluster;
  /** The cluster's own redis-server: tests may stop and start it (its data goes with it). */
  redis: PrivateRedis;
  database: ClusterDatabase;
}

/** startCluster's options without the database and Redis, which the fixture provides. */
export type UseClusterOptions = Omit<ClusterOptions, 'databaseUrl' | 'redisUrl'>;

/**
 * Registers the `beforeAll` (Redis and database in parallel, then the cluster; 180 s) and the
 * `afterAll` (cluster, Redis, database; 60 s) of the current describe block or file, and
 * returns the started parts. Hooks the caller registers after it run after it starts and (vitest
 * runs after-hooks as a stack) before it stops, so a browser closes before the cluster. The Redis is private and keeps no data, so stopping it cleans the
 * prefix; the database is dropped with `force`.
 */
export function useCluster(options: UseClusterOptions = {}): ClusterFixture {
  let redis: PrivateRedis | undefined;
  let database: ClusterDatabase | undefined;
  let cluster: Cluster | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useCluster: the ${what} is not started (did beforeAll fail?)`);
    return value;
  };
  const fixture: ClusterFixture = {
    get cluster() {
      return started(cluster, 'cluster');
    },
    get redis() {
      return started(redis, 'Redis');
    },
    get database() {
      return started(database, 'database');
    },
  };

  beforeAll(async () => {
    // Each part is kept as soon as it is up, so afterAll stops it even if another one failed to start.
    await Promise.all([
      startPrivateRedis().then((value) => {
        redis = value;
      }),
      createTestDatabase().then((value) => {
        database = value;
      }),
    ]);
    cluster = await startCluster({
      ...options,
      databaseUrl: fixture.database.url,
      redisUrl: fixture.redis.url,
    });
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
    await database?.drop();
  }, 60_000);

  return fixture;
}
