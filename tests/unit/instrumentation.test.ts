import { describe, expect, it } from 'vitest';
import { CloseCode, ErrorCode } from '../../server/contract/errors';
import { composeHooks } from '../../server/live/hooks';
import { eventLogHooks, gaugeSources, metricsHooks } from '../../server/ops/instrumentation';
import { Metrics } from '../../server/ops/metrics';
import type { WorkshopEvent } from '../../server/persistence/event-log';

/** The value of one series of a metric, by its labels. */
async function seriesValue(metrics: Metrics, name: string, labels: Record<string, string> = {}) {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const series = metric?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  );
  return series?.value;
}

function observed() {
  const metrics = new Metrics('test-process');
  const events: WorkshopEvent[] = [];
  const lags: [string, number][] = [];
  const hooks = composeHooks(
    metricsHooks(metrics),
    eventLogHooks({ record: (event) => events.push(event) }, { observe: (doc, s) => lags.push([doc, s]) }),
  );
  return { metrics, events, lags, hooks };
}

describe('metrics and the event log as hooks of the live core', () => {
  it('counts accepted updates by document kind, never by workshop', async () => {
    const { metrics, hooks } = observed();
    hooks.updateAccepted('w1');
    hooks.updateAccepted('w2');
    hooks.updateAccepted('w1/log');
    expect(await seriesValue(metrics, 'firedrill_yjs_updates_total', { doc: 'walls' })).toBe(2);
    expect(await seriesValue(metrics, 'firedrill_yjs_updates_total', { doc: 'log' })).toBe(1);
    expect(await metrics.registry.metrics()).not.toContain('w1');
  });

  it('counts commands by result and a refused command as a refusal too', async () => {
    const { metrics, hooks } = observed();
    hooks.commandRun('hat:draw', 'ok', 0.002);
    hooks.commandRun('phase:set', ErrorCode.NOT_FACILITATOR, 0.001);
    expect(
      await seriesValue(metrics, 'firedrill_commands_total', { command: 'hat:draw', result: 'ok' }),
    ).toBe(1);
    expect(
      await seriesValue(metrics, 'firedrill_refused_total', {
        reason: 'command',
        code: ErrorCode.NOT_FACILITATOR,
      }),
    ).toBe(1);
  });

  it('names a Yjs refusal by its close code and records it in a known workshop’s event log', async () => {
    const { metrics, events, hooks } = observed();
    hooks.refused('yjs', CloseCode.EDIT_REFUSED, {
      reason: 'Edit refused: not your note',
      workshopId: 'w1',
      participantId: 'p1',
      docName: 'w1',
    });
    hooks.refused('yjs', CloseCode.UNAUTHORIZED, { reason: 'unknown document' });
    hooks.refused('socket_handshake', ErrorCode.UNAUTHORIZED);
    expect(
      await seriesValue(metrics, 'firedrill_refused_total', { reason: 'yjs_edit_refused', code: '4422' }),
    ).toBe(1);
    expect(
      await seriesValue(metrics, 'firedrill_refused_total', { reason: 'yjs_unauthorized', code: '4401' }),
    ).toBe(1);
    expect(
      await seriesValue(metrics, 'firedrill_refused_total', {
        reason: 'socket_handshake',
        code: 'UNAUTHORIZED',
      }),
    ).toBe(1);
    expect(events).toEqual([
      {
        workshopId: 'w1',
        participantId: 'p1',
        event: 'yjs.refused',
        detail: { code: 4422, reason: 'Edit refused: not your note', doc: 'walls' },
      },
    ]);
  });

  it('observes persistence lag in the histogram and in the per-workshop sampler', async () => {
    const { metrics, lags, hooks } = observed();
    hooks.persisted('w1/state', 0.03);
    expect(await metrics.registry.metrics()).toContain(
      'firedrill_persist_lag_seconds_count{process="test-process"} 1',
    );
    expect(lags).toEqual([['w1/state', 0.03]]);
  });

  it('reads the gauges from the running parts at scrape time', async () => {
    const { metrics } = observed();
    const registry = { size: 0, names: () => [] as string[] };
    metrics.measure(
      gaugeSources({
        yjs: { connections: 3 },
        io: { engine: { clientsCount: 2 } },
        registry,
        store: { backlog: 7 },
      }),
    );
    Object.assign(registry, { size: 3, names: () => ['w1', 'w1/state', 'w2'] });
    expect(await seriesValue(metrics, 'firedrill_connections', { transport: 'yjs' })).toBe(3);
    expect(await seriesValue(metrics, 'firedrill_documents_loaded')).toBe(3);
    expect(await seriesValue(metrics, 'firedrill_workshops_live')).toBe(2);
    expect(await seriesValue(metrics, 'firedrill_persist_queue_depth')).toBe(7);
  });
});
