/**
 * The contract's zod. The pages' CSP has no 'unsafe-eval': in the browser zod must not probe
 * `new Function` for its compiled fast path (the probe is reported as a violation); parsing gives the
 * same results without it.
 */
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };
