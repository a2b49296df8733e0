import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocBusHandlers } from '../../server/cluster/redis-doc-bus';
import { RedisDocBus } from '../../server/cluster/redis-doc-bus';
import { eventually } from '../helpers/clients';
import { silent } from '../helpers/store-on-database';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the Redis document bus', () => {
  const clients: Redis[] = [];
  const prefix = `fdtest:${randomBytes(6).toString('hex')}:`;
  const connect = async () => {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    clients.push(client);
    await client.connect();
    return client;
  };
  const bus = async (processId: string) =>
    new RedisDocBus({
      publisher: await connect(),
      subscriber: await connect(),
      prefix,
      processId,
      log: silent,
    });
  const recorder = () => {
    const heard = { updates: [] as number[][], gaps: 0, queries: 0 };
    const handlers: DocBusHandlers = {
      update: (u) => heard.updates.push([...u]),
      awareness: () => {},
      awarenessQuery: () => heard.queries++,
      gap: () => heard.gaps++,
    };
    return { heard, handlers };
  };
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  it('delivers another process’s updates, not its own, and asks for a catch-up after a gap', async () => {
    const a = await bus('a');
    const b = await bus('b');
    const atA = recorder();
    const atB = recorder();
    await a.subscribe('doc', atA.handlers);
    await b.subscribe('doc', atB.handlers);
    a.publish('doc', 'update', new Uint8Array([1]));
    a.publish('doc', 'awarenessQuery');
    await eventually(() => expect(atB.heard.updates).toEqual([[1]]));
    await eventually(() => expect(atB.heard.queries).toBe(1));
    expect(atA.heard.updates).toEqual([]);
    expect(atB.heard.gaps).toBe(0);

    // A message of process "a" with sequence 5 after 2: three were lost on the way.
    const raw = encoding.createEncoder();
    encoding.writeVarString(raw, 'a');
    encoding.writeVarUint(raw, 5);
    encoding.writeVarUint(raw, 0);
    encoding.writeVarUint8Array(raw, new Uint8Array([9]));
    await (await connect()).publish(`${prefix}yjs:doc`, Buffer.from(encoding.toUint8Array(raw)));
    await eventually(() => expect(atB.heard.gaps).toBe(1));
    expect(atB.heard.updates).toEqual([[1], [9]]);

    // Garbage on the channel is dropped without disturbing anything.
    await (await connect()).publish(`${prefix}yjs:doc`, Buffer.from([0xff, 0xff, 0xff]));
    a.publish('doc', 'update', new Uint8Array([2]));
    await eventually(() => expect(atB.heard.updates).toEqual([[1], [9], [2]]));
  });
});
