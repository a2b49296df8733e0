// Preloaded into a test server (NODE_OPTIONS=--import) to move its calendar: every SIGUSR2 moves
// `Date` forward by FIREDRILL_TEST_CLOCK_STEP_MS and logs `test.clock_moved`. Timers, the database
// and everything outside the process keep real time; only what reads the date (a survey month) moves.
const RealDate = Date;
const step = Number(process.env.FIREDRILL_TEST_CLOCK_STEP_MS ?? 0);
let offset = 0;

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = ShiftedDate;

process.on('SIGUSR2', () => {
  offset += step;
  process.stdout.write(`${JSON.stringify({ event: 'test.clock_moved', offsetMs: offset })}\n`);
});
