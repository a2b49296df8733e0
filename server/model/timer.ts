/** The workshop clock's arithmetic, on server time. Pure: `now` is always passed in. */
import { ErrorCode } from '../contract/errors';
import { fail, type TimerState } from './state';

/** Time left on the clock at server time `now` (negative once it has run out). */
export function remainingMs(timer: TimerState, now: number): number {
  if (timer.status === 'running' && timer.startedAtServerMs !== null) {
    return timer.durationMs - (now - timer.startedAtServerMs);
  }
  if (timer.status === 'paused' && timer.remainingMsWhenPaused !== null) return timer.remainingMsWhenPaused;
  return timer.durationMs;
}

/** Starts an idle clock. */
export function startTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== 'idle') fail(ErrorCode.TIMER_STATE, 'The clock is already started.');
  return { ...timer, status: 'running', startedAtServerMs: now, remainingMsWhenPaused: null };
}

/** Pauses a running clock, keeping what was left. */
export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== 'running') fail(ErrorCode.TIMER_STATE, 'The clock is not running.');
  return {
    ...timer,
    status: 'paused',
    remainingMsWhenPaused: remainingMs(timer, now),
    startedAtServerMs: null,
  };
}

/** Resumes a paused clock from where it stopped. */
export function resumeTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== 'paused') fail(ErrorCode.TIMER_STATE, 'The clock is not paused.');
  return {
    status: 'running',
    durationMs: timer.remainingMsWhenPaused ?? timer.durationMs,
    startedAtServerMs: now,
    remainingMsWhenPaused: null,
  };
}

/** Adds (or with a negative delta removes) time, never below zero left. */
export function adjustTimer(timer: TimerState, deltaMs: number, now: number): TimerState {
  if (timer.status === 'paused') {
    return { ...timer, remainingMsWhenPaused: Math.max(0, (timer.remainingMsWhenPaused ?? 0) + deltaMs) };
  }
  const left = remainingMs(timer, now);
  const applied = Math.max(deltaMs, -Math.max(0, left));
  return { ...timer, durationMs: Math.max(0, timer.durationMs + applied) };
}

/** Whether the clock has reached the reflection reserve. */
export function isReflectionTime(timer: TimerState, reflectionMs: number, now: number): boolean {
  return timer.status !== 'idle' && remainingMs(timer, now) <= reflectionMs;
}
