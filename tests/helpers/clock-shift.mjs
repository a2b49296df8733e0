// Preloaded into a test server (NODE_OPTIONS=--import) to move its calendar: every SIGUSR2 moves
// `Date` forward by FIREDRILL_TEST_CLOCK_STEP_MS and logs `test.clock_moved`. Timers, the database
// and everything outside the process keep real time; only what reads the date (a survey month) moves.
// A Proxy, not a subclass: every date stays a plain Date (instanceof holds for dates Node's own
// internals make, and libraries that compare constructors see Date).
const RealDate = Date;
const step = Number(process.env.FIREDRILL_TEST_CLOCK_STEP_MS ?? 0);
let offset = 0;
const now = () => RealDate.now() + offset;

globalThis.Date = new Proxy(RealDate, {
  apply: () => new RealDate(now()).toString(),
  construct: (target, args, newTarget) =>
    Reflect.construct(
      target,
      args.length === 0 ? [now()] : args,
      newTarget === globalThis.Date ? target : newTarget,
    ),
  get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
});

process.on('SIGUSR2', () => {
  offset += step;
  process.stdout.write(`${JSON.stringify({ event: 'test.clock_moved', offsetMs: offset })}\n`);
});
