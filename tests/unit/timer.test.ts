import { describe, expect, it } from 'vitest';
import {
  adjustTimer,
  isReflectionTime,
  pauseTimer,
  remainingMs,
  resumeTimer,
  startTimer,
} from '../../server/model/timer';
import { seedState } from '../helpers/domain';

const minute = 60_000;

describe('timer', () => {
  const idle = seedState().timer;

  it('counts down from the planned length on server time', () => {
    const running = startTimer(idle, 0);
    expect(remainingMs(idle, 123)).toBe(60 * minute);
    expect(remainingMs(running, 10 * minute)).toBe(50 * minute);
    expect(remainingMs(running, 61 * minute)).toBe(-minute);
  });

  it('pauses and resumes where it stopped', () => {
    const paused = pauseTimer(startTimer(idle, 0), 20 * minute);
    expect(remainingMs(paused, 99 * minute)).toBe(40 * minute);
    const resumed = resumeTimer(paused, 100 * minute);
    expect(remainingMs(resumed, 110 * minute)).toBe(30 * minute);
  });

  it('adds and removes minutes, never below zero', () => {
    const running = startTimer(idle, 0);
    expect(remainingMs(adjustTimer(running, minute, 10 * minute), 10 * minute)).toBe(51 * minute);
    expect(remainingMs(adjustTimer(running, -90 * minute, 10 * minute), 10 * minute)).toBe(0);
    const paused = pauseTimer(running, 59 * minute);
    expect(remainingMs(adjustTimer(paused, -5 * minute, 59 * minute), 70 * minute)).toBe(0);
  });

  it('refuses to start twice or pause a stopped clock', () => {
    expect(() => startTimer(startTimer(idle, 0), 1)).toThrow('already started');
    expect(() => pauseTimer(idle, 1)).toThrow('not running');
    expect(() => resumeTimer(idle, 1)).toThrow('not paused');
  });

  it('says when the reflection reserve is reached', () => {
    const running = startTimer(idle, 0);
    expect(isReflectionTime(running, 15 * minute, 44 * minute)).toBe(false);
    expect(isReflectionTime(running, 15 * minute, 45 * minute)).toBe(true);
    expect(isReflectionTime(idle, 15 * minute, 99 * minute)).toBe(false);
  });
});
