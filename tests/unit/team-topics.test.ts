import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchTopics } from '../../app/team/topic-batch';
import { TEAM_TOPICS, type TeamTopic, topicsOfPath } from '../../server/contract/team';

describe('what each team resource is built from', () => {
  it('refetches a section only for the topics its resource reads', () => {
    expect(topicsOfPath('/api/teams/t1')).toEqual(['team']);
    expect(topicsOfPath('/api/teams/t1/cards')).toEqual(['library', 'workshops']);
    expect(topicsOfPath('/api/teams/t1/cards?archived=1')).toEqual(['library', 'workshops']);
    expect(topicsOfPath('/api/teams/t1/workshops')).toEqual(['team', 'workshops']);
    expect(topicsOfPath('/api/teams/t1/actions')).toEqual(['actions']);
    expect(topicsOfPath('/api/teams/t1/survey')).toEqual(['survey', 'actions']);
    expect(topicsOfPath('/api/teams/t1/library/readiness')).toEqual(['team', 'library', 'workshops']);
    expect(topicsOfPath('/api/teams/t1/actions/')).toEqual(['actions']);
  });

  it('refetches a team resource it does not know on every change, and nothing outside the team API', () => {
    expect(topicsOfPath('/api/teams/t1/webhooks')).toEqual(TEAM_TOPICS);
    expect(topicsOfPath('/api/teams/t1/constructor')).toEqual(TEAM_TOPICS);
    expect(topicsOfPath('/api/teams/t1/cards/c1')).toEqual(TEAM_TOPICS);
    expect(topicsOfPath('/api/workshops/w1/summary')).toEqual([]);
    expect(topicsOfPath('/api/teamsx/t1')).toEqual([]);
  });
});

describe('batching announcements', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns a burst of announcements into one flush with every topic, at most one window late', () => {
    const flushed: TeamTopic[][] = [];
    const batch = batchTopics((topics) => flushed.push([...topics]), 300);
    for (let i = 0; i < 200; i++) batch.add(['library']);
    batch.add(['actions']);
    vi.advanceTimersByTime(299);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([['library', 'actions']]);
    batch.add(['survey']);
    vi.advanceTimersByTime(300);
    expect(flushed).toEqual([['library', 'actions'], ['survey']]);
  });

  it('flushes nothing once cancelled', () => {
    const flush = vi.fn();
    const batch = batchTopics(flush, 300);
    batch.add(['team']);
    batch.cancel();
    vi.advanceTimersByTime(1_000);
    expect(flush).not.toHaveBeenCalled();
  });
});
