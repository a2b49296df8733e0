'use client';

import type { CardFace, Turn } from '@/server/model/state';
import { formatSince } from '../lib/format';
import { useRoomContext } from './room-context';

const kindLabel = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1);

/**
 * The back of the driver's card: hidden items show only kind and label (locked) with a "Reveal"
 * button for the driver and the facilitator; revealed ones show their body and when they came out.
 */
export function EvidenceList({ turn, card }: { turn: Turn; card: CardFace }) {
  const { meId, isFacilitator, send } = useRoomContext();
  const mayReveal = isFacilitator || turn.participantId === meId;
  if (card.evidence.length === 0) return <p className="muted">This card has no evidence.</p>;
  return (
    <ul className="evidence" aria-label="Evidence" data-testid="evidence">
      {card.evidence.map((item, index) => {
        const reveal = turn.reveals.find((r) => r.index === index);
        const heading = `${kindLabel(item.kind)} — ${item.label}`;
        if (!reveal)
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: evidence is addressed by its fixed position on the card
            <li key={index} className="evidence-item locked" data-testid="evidence-hidden">
              <span className="evidence-heading">{heading}</span>
              <span className="locked-tag">hidden</span>
              {mayReveal && (
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Reveal ${heading}`}
                  onClick={() => void send('evidence:reveal', { index })}
                >
                  Reveal
                </button>
              )}
            </li>
          );
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: evidence is addressed by its fixed position on the card
          <li key={index} className="evidence-item revealed" data-testid="evidence-revealed">
            <p className="evidence-heading">
              <span className="stamp">{formatSince(reveal.atMs)}</span> {heading}
            </p>
            {item.kind === 'image' ? (
              // biome-ignore lint/performance/noImgElement: uploaded evidence is served by our API, not next/image.
              <img className="evidence-image" src={`/api/images/${reveal.body}`} alt={item.label} />
            ) : (
              <pre className="evidence-body">{reveal.body}</pre>
            )}
          </li>
        );
      })}
    </ul>
  );
}
