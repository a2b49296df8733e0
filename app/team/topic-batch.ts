import type { TeamTopic } from '@/server/contract/team';

/** Topics collected over a short window, handed over together. */
export interface TopicBatch {
  add(topics: readonly TeamTopic[]): void;
  /** Drops what is collected and stops the window (the page is leaving). */
  cancel(): void;
}

/**
 * Collects topics for `windowMs` from the first one on, then calls `flush` once with all of them: a
 * burst of changes (a script editing twenty cards, everyone joining a workshop at once) becomes one
 * refetch per section, at most `windowMs` late.
 */
export function batchTopics(flush: (topics: ReadonlySet<TeamTopic>) => void, windowMs: number): TopicBatch {
  let pending = new Set<TeamTopic>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    add(topics) {
      for (const topic of topics) pending.add(topic);
      if (timer !== undefined || pending.size === 0) return;
      timer = setTimeout(() => {
        const topicsNow = pending;
        pending = new Set();
        timer = undefined;
        flush(topicsNow);
      }, windowMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = new Set();
    },
  };
}
