import { parseDocName } from '../contract/doc-names';
import type { EventRecorder } from '../live/hooks';

interface Window {
  updates: number;
  maxMs: number;
  totalMs: number;
}

/**
 * Turns the document store's per-update persistence lag into one `persistence.lag` event per
 * workshop per window (default a minute) with the number of updates written, the mean and the worst
 * lag: enough to see in a support bundle that writes were slow or stalled, without a row per update.
 */
export class LagSampler {
  private windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly recorder: EventRecorder,
    private readonly windowMs = 60_000,
  ) {
    this.timer = setInterval(() => this.flush(), windowMs);
    this.timer.unref();
  }

  /** One update of `docName` reached its row `seconds` after it arrived. */
  observe(docName: string, seconds: number): void {
    const workshopId = parseDocName(docName)?.workshopId ?? docName;
    const window = this.windows.get(workshopId) ?? { updates: 0, maxMs: 0, totalMs: 0 };
    const ms = seconds * 1000;
    window.updates++;
    window.totalMs += ms;
    window.maxMs = Math.max(window.maxMs, ms);
    this.windows.set(workshopId, window);
  }

  /** Records the open windows now (the timer does this every `windowMs`; stop does it once more). */
  flush(): void {
    const windows = this.windows;
    this.windows = new Map();
    for (const [workshopId, { updates, maxMs, totalMs }] of windows) {
      this.recorder.record({
        workshopId,
        event: 'persistence.lag',
        detail: {
          windowMs: this.windowMs,
          updates,
          meanMs: Math.round((totalMs / updates) * 10) / 10,
          maxMs: Math.round(maxMs * 10) / 10,
        },
      });
    }
  }

  /** Records what is open and stops the timer. */
  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
