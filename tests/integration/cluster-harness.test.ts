import { describe, expect, it } from 'vitest';
import { type Cluster, waitForRedis } from '../helpers/cluster';
import { useCluster } from '../helpers/use-cluster';

/** GET /readyz through the front; returns the status and the processId that answered. */
async function readyz(cluster: Cluster) {
  const response = await fetch(`${cluster.url}/readyz`);
  const body = (await response.json()) as { status?: string; processId?: string };
  return { status: response.status, processId: body.processId };
}

// Three Firedrill processes on one PostgreSQL database need TEST_DATABASE_URL, as every PostgreSQL suite.
describe('cluster harness (3 processes behind HAProxy)', () => {
  const live = useCluster({ env: { LOG_LEVEL: 'info' } });

  it('spreads HTTP requests over all three processes', async () => {
    const c = live.cluster;
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await readyz(c));
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200));
    expect(new Set(answers.map((a) => a.processId))).toEqual(new Set(['p1', 'p2', 'p3']));
  });

  it('redispatches requests away from a killed process before HAProxy marks it down', async () => {
    const c = live.cluster;
    const before = (await c.haproxy.servers()).find((s) => s.name === 'p2')!;
    await c.kill(1);
    // Right after the kill HAProxy still counts p2 as up (it needs two failed checks, 300 ms apart):
    // of nine requests at once, round-robin hands some to p2, whose port is closed; each must be
    // retried on p1 or p3 and succeed.
    const answers = await Promise.all(Array.from({ length: 9 }, () => readyz(c)));
    expect(
      answers.map((a) => a.status),
      await c.describe(),
    ).toEqual(Array(9).fill(200));
    expect(answers.map((a) => a.processId)).not.toContain('p2');
    const after = (await c.haproxy.servers()).find((s) => s.name === 'p2')!;
    expect(after.redispatches, await c.describe()).toBeGreaterThan(before.redispatches);

    await c.waitForBackend(1, 'DOWN');
    await c.startAgain(1);
    const again = [];
    for (let i = 0; i < 9; i++) again.push(await readyz(c));
    expect(new Set(again.map((a) => a.processId))).toEqual(new Set(['p1', 'p2', 'p3']));
  });

  it('restarts a process on its port: SIGTERM exits 0, then HAProxy routes to it again', async () => {
    const c = live.cluster;
    const port = c.processes[2]!.port;
    const code = await c.restart(2);
    expect(code, await c.describe()).toBe(0);
    expect(c.processes[2]!.port).toBe(port);
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 9; i++) seen.add((await readyz(c)).processId);
    expect(seen).toEqual(new Set(['p1', 'p2', 'p3']));
  });

  it('stops and starts the private Redis on the same port', async () => {
    const r = live.redis;
    await r.stop();
    await expect(waitForRedis(r.port, 300)).rejects.toThrow(/did not answer PING/);
    await r.start();
    await waitForRedis(r.port, 1000);
  });
});
