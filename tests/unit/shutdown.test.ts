import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { firedrillShutdown, orderedShutdown, type StoppableParts } from '../../server/main/shutdown';

/** A real pino logger whose lines are kept, parsed. */
function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('the ordered shutdown', () => {
  it('runs the steps in order, each after the previous one settled', async () => {
    const { log } = capturingLog();
    const ran: string[] = [];
    const step = (name: string) => ({
      name,
      run: async () => {
        ran.push(`${name} started`);
        await tick();
        ran.push(`${name} done`);
      },
    });
    await orderedShutdown(log, [step('a'), step('b'), { name: 'c', run: () => ran.push('c') }])();
    expect(ran).toEqual(['a started', 'a done', 'b started', 'b done', 'c']);
  });

  it('logs a failed step by name and still runs the next ones, then reports the failure', async () => {
    const { log, lines } = capturingLog();
    const ran: string[] = [];
    const stop = orderedShutdown(log, [
      { name: 'close Redis', run: () => Promise.reject(new Error('connection is closed')) },
      {
        name: 'throws',
        run: () => {
          throw new Error('sync failure');
        },
      },
      { name: 'close the database', run: () => ran.push('database') },
    ]);
    await expect(stop()).rejects.toThrow('Shutdown steps failed: close Redis, throws');
    expect(ran).toEqual(['database']);
    const failures = lines.filter((line) => line.event === 'server.stop_step_failed');
    expect(failures.map((line) => line.step)).toEqual(['close Redis', 'throws']);
    expect(failures[0]?.err).toMatchObject({ message: 'connection is closed' });
    expect(lines.some((line) => line.event === 'server.stopped')).toBe(false);
  });

  it('runs once however often stop is called', async () => {
    const { log, lines } = capturingLog();
    let runs = 0;
    const stop = orderedShutdown(log, [{ name: 'count', run: () => runs++ }]);
    await Promise.all([stop(), stop()]);
    await stop();
    expect(runs).toBe(1);
    expect(lines.filter((line) => line.event === 'server.stopping')).toHaveLength(1);
    expect(lines.filter((line) => line.event === 'server.stopped')).toHaveLength(1);
  });
});

describe("Firedrill's stop", () => {
  /** Parts that note when each is closed. */
  function recordingParts(failing?: string) {
    const order: string[] = [];
    const note = (name: string) => () => {
      order.push(name);
      if (name === failing) throw new Error(`${name} broke`);
    };
    const later = (name: string) => async () => note(name)();
    const parts: StoppableParts = {
      drain: note('drain'),
      httpServer: { close: note('http close'), closeAllConnections: note('http connections') },
      yjs: { close: note('yjs') },
      io: {
        close: (done) => {
          order.push('socket.io');
          setTimeout(done, 1);
        },
      },
      notifier: { stop: later('notifier') },
      registry: { unloadAll: later('documents') },
      store: { close: later('store') },
      lagSampler: { stop: note('lag samples') },
      eventLog: { close: later('event log') },
      next: { close: later('next') },
      redis: { close: later('redis') },
      database: { close: later('database') },
      forgetServices: note('services'),
    };
    return { order, parts };
  }

  it('stops taking work first, writes documents before closing the database, and closes the database last', async () => {
    const { order, parts } = recordingParts();
    await firedrillShutdown(capturingLog().log, parts)();
    expect(order).toEqual([
      'drain',
      'http close',
      'yjs',
      'socket.io',
      'http connections',
      'notifier',
      'documents',
      'store',
      'lag samples',
      'event log',
      'next',
      'redis',
      'database',
      'services',
    ]);
  });

  it('still writes the documents and closes the database when the webhook deliveries fail to stop', async () => {
    const { order, parts } = recordingParts('notifier');
    const { log, lines } = capturingLog();
    await expect(firedrillShutdown(log, parts)()).rejects.toThrow('finish webhook deliveries');
    expect(order.slice(order.indexOf('notifier'))).toEqual([
      'notifier',
      'documents',
      'store',
      'lag samples',
      'event log',
      'next',
      'redis',
      'database',
      'services',
    ]);
    expect(lines.find((line) => line.event === 'server.stop_step_failed')?.step).toBe(
      'finish webhook deliveries',
    );
  });

  it('skips what this process does not run (no Next, no Redis)', async () => {
    const { order, parts } = recordingParts();
    await firedrillShutdown(capturingLog().log, { ...parts, next: undefined, redis: undefined })();
    expect(order).not.toContain('next');
    expect(order).not.toContain('redis');
    expect(order.at(-1)).toBe('services');
  });
});
