/**
 * The scenario decks the suites share, defined once: numbered cards for the server and the domain,
 * and nine realistic ones for the browser suites.
 */
import type { Card } from '../../server/domain/context';

/** A scenario card as the create-workshop API takes it (the domain's card without its id). */
export type DeckCard = Omit<Card, 'id'>;
type EvidenceKind = DeckCard['evidence'][number]['kind'];

/** Card i of a numbered deck: "Card i", "Summary i", an alert and a log. */
export function numberedCard(i: number): DeckCard {
  return {
    title: `Card ${i}`,
    summary: `Summary ${i}`,
    evidence: [
      { kind: 'alert', label: `Alert ${i}`, body: `alert body ${i}` },
      { kind: 'log', label: `Log ${i}`, body: `log body ${i}` },
    ],
  };
}

/** Cards 1..n of the numbered deck. */
export const numberedCards = (n: number): DeckCard[] =>
  Array.from({ length: n }, (_, i) => numberedCard(i + 1));

const card = (title: string, summary: string, evidence: [EvidenceKind, string, string][]): DeckCard => ({
  title,
  summary,
  evidence: evidence.map(([kind, label, body]) => ({ kind, label, body })),
});

/**
 * Nine incidents as a facilitator would write them: more than two per person for four people, so the
 * hat only runs low after the draw. The first six make a deck where four people each draw one and
 * two stay in the hat.
 */
export const DRILL_CARDS: DeckCard[] = [
  card('Checkout 500s at 02:10', 'The checkout API error rate alarm fires.', [
    ['alert', 'PagerDuty', 'CheckoutErrorRate > 5% for 5 min'],
    ['log', 'API logs', 'ERROR PaymentClient timeout after 30000ms'],
  ]),
  card('Refunds stuck', 'Customers say refunds never arrive.', [
    ['chat', 'Support channel', 'Three customers asked about refunds this morning'],
    ['dashboard', 'Refund queue depth', '12,403 messages, rising'],
  ]),
  card('Login loop', 'Users are sent back to the login page.', [
    ['chat', 'Tweet', 'Cannot log in, it keeps asking again'],
    ['log', 'Auth logs', 'WARN session cookie rejected: clock skew'],
  ]),
  card('Slow search', 'Search takes ten seconds.', [['dashboard', 'p99 latency', '9.8 s']]),
  card('Missing invoices', 'Invoices for March were never emailed.', [
    ['text', 'Finance email', 'Where are the March invoices?'],
  ]),
  card('Disk full on db-2', 'The replica stopped.', [['alert', 'Disk alarm', '/var/lib/postgresql 100%']]),
  card('Webhook storm', 'A partner retries every webhook.', [['log', 'Ingress', '429 x 50,000']]),
  card('Expired certificate', 'The mobile app cannot connect.', [['alert', 'Synthetic check', 'TLS failed']]),
  card('Cron ran twice', 'Customers were charged twice.', [['chat', 'CEO', 'Why was I charged twice?']]),
];
