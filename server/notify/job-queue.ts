import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';

/**
 * Starts pg-boss on the app's own database connection: the same PostgreSQL pool, or the one
 * embedded PGlite (pg-boss needs only SQL, SKIP LOCKED and plpgsql, which PGlite has). pg-boss keeps
 * its tables in its own `pgboss` schema and migrates them itself; cron is off (the scan is offered
 * by each process, see Notifier), maintenance (expiring jobs of a killed process, archiving) is on.
 */
export async function openJobQueue(database: Database, log: Logger, pollSeconds: number): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 60,
    pollingIntervalSeconds: pollSeconds,
  });
  // Without a listener an 'error' event would throw; a failed poll (database away) is retried by pg-boss.
  boss.on('error', (error) => log.warn({ event: 'queue.error', err: error }, 'job queue error'));
  await boss.start();
  return boss;
}
