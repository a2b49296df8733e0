import { ErrorCode } from '../contract/errors';
import { AppError } from './app-error';

/** Deepest nesting of arrays and objects accepted in a JSON body or payload (real ones nest 4 deep). */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a parsed JSON value is refused, or undefined when it is fine: arrays and objects nested deeper
 * than `maxDepth` (INVALID_JSON), or a NUL character in a string or key (BAD_REQUEST: PostgreSQL text
 * cannot store one). It walks with its own stack, never by recursion, so a body of any depth is
 * judged without overflowing the call stack (JSON.parse itself is iterative; JSON.stringify and
 * most schema code are not).
 */
export function jsonRefusal(value: unknown, maxDepth = MAX_JSON_DEPTH): AppError | undefined {
  const pending: [item: unknown, depth: number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return nulRefusal();
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    if (depth >= maxDepth)
      return new AppError(ErrorCode.INVALID_JSON, `The JSON nests deeper than ${maxDepth} levels.`);
    for (const [key, child] of Object.entries(item)) {
      if (key.includes('\u0000')) return nulRefusal();
      pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

/** The refusal of text with a NUL character. */
export function nulRefusal(): AppError {
  return new AppError(ErrorCode.BAD_REQUEST, 'Text may not contain NUL characters.');
}
