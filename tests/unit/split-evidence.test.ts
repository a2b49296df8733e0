import { describe, expect, it } from 'vitest';
import { guessKind, labelFor, splitEvidence, splitModes } from '../../app/team/split-evidence';

const slackThread = `Priya Shah  10:42 AM
checkout is throwing 502s for about a third of requests

Tom Reed  10:43 AM
looking. the deploy at 10:38 touched the payment client
also seeing pool exhaustion warnings
Priya Shah  10:47 AM
rolled back, errors dropping`;

const logExcerpt = `2026-11-03T02:14:07Z ERROR payment-client timeout after 5000ms
2026-11-03T02:14:08Z WARN pool exhausted (50/50)

2026-11-03T02:15:00Z INFO circuit breaker open`;

describe('splitting pasted evidence', () => {
  it('cuts a Slack thread into one chat item per message, in order, keeping multi-line messages whole', () => {
    expect(splitModes(slackThread)[0]).toBe('messages');
    const pieces = splitEvidence(slackThread, 'messages');
    expect(pieces.map((p) => p.label)).toEqual([
      'Priya Shah at 10:42 AM',
      'Tom Reed at 10:43 AM',
      'Priya Shah at 10:47 AM',
    ]);
    expect(pieces.every((p) => p.kind === 'chat')).toBe(true);
    expect(pieces[1]?.body).toBe(
      'Tom Reed (10:43 AM): looking. the deploy at 10:38 touched the payment client\nalso seeing pool exhaustion warnings',
    );
  });

  it('reads the bracketed and inline chat forms other tools copy', () => {
    const text = '[09:01] ana: disk at 91%\n[09:02] bo: clearing /var/log\n[09:05] ana: back to 60%';
    const pieces = splitEvidence(text, 'messages');
    expect(pieces.map((p) => p.body)).toEqual([
      'ana (09:01): disk at 91%',
      'bo (09:02): clearing /var/log',
      'ana (09:05): back to 60%',
    ]);
  });

  it('does not take a sentence that ends with a time for a message header', () => {
    const text = 'We restarted at 10:42\nthen it recovered\n\nSecond paragraph 11:00';
    expect(splitModes(text)).toEqual(['paragraphs', 'whole']);
  });

  it('cuts a log excerpt at blank lines and recognises it as a log', () => {
    const pieces = splitEvidence(logExcerpt, 'paragraphs');
    expect(pieces).toHaveLength(2);
    expect(pieces.map((p) => p.kind)).toEqual(['log', 'log']);
    expect(pieces[0]?.body.split('\n')).toHaveLength(2);
  });

  it('keeps the whole text as one item when asked, and cuts text over the item limit', () => {
    expect(splitEvidence(logExcerpt, 'whole')).toHaveLength(1);
    const long = 'x'.repeat(45);
    const parts = splitEvidence(long, 'whole', 20);
    expect(parts.map((p) => p.body.length)).toEqual([20, 20, 5]);
    expect(parts.map((p) => p.body).join('')).toBe(long);
  });

  it('guesses alerts and labels from the first line', () => {
    expect(guessKind('[FIRING:1] DiskWillFillIn4Hours\nhost: db-2')).toBe('alert');
    expect(guessKind('Just some words')).toBe('text');
    expect(labelFor('\n\nshort first line\nmore')).toBe('short first line');
    expect(labelFor('a '.repeat(50)).length).toBeLessThanOrEqual(61);
  });
});
