/**
 * The wire contract of the team's chat webhooks and calendar, shared by server and browser like
 * the rest of contract/ (zod only, no Node or database imports).
 */

import { WEBHOOK_FORMATS, type WebhookFormat } from './vocabulary';
import { z } from './zod';

/** Most webhooks one team may have. */
export const MAX_WEBHOOKS_PER_TEAM = 5;

/** POST /api/teams/<id>/webhooks. The URL is checked further on the server (scheme, address). */
export const addWebhookSchema = z
  .object({ format: z.enum(WEBHOOK_FORMATS), url: z.string().trim().min(1, 'must not be empty') })
  .strict();

/** A webhook as the admin sees it: the URL masked, and how its last deliveries went. */
export interface WebhookView {
  id: string;
  format: WebhookFormat;
  /** `https://hooks.slack.com/…/XyZ9`: the URL itself is never sent back. */
  maskedUrl: string;
  createdAt: string;
  lastDeliveredAt: string | null;
  /** The last failed delivery, if any (it may be older than the last success). */
  lastFailure: WebhookFailure | null;
}

/** The last failed delivery to a webhook, shown to the team admin. */
export interface WebhookFailure {
  at: string;
  /** `HTTP 500`, `timed out after 5 s`, `refused: a private address` … never the URL. */
  error: string;
  /** Attempts made for that message so far. */
  attempts: number;
  /** True once the queue gave up on that message. */
  gaveUp: boolean;
  /** Which announcement it was: `summary`, `reminder`, `overdue`, `survey`, `test`. */
  event: string;
}

/** The answer to "Send test message". */
export type WebhookTestResult = { ok: true } | { ok: false; error: string };

/** GET /api/teams/<id>/calendar: where the team's feed is. */
export interface CalendarView {
  /** https://…/api/teams/<id>/calendar/<secret>.ics */
  feedUrl: string;
  /** The same as webcal://, which calendar apps open as a subscription. */
  webcalUrl: string;
}
