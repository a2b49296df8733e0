'use client';

import { openFindings, type RedactableEvidence } from '@/server/model/evidence-redaction';
import { SECRET_KIND_NAMES } from '@/server/model/secret-kinds';
import { HighlightedText } from './highlighted-text';

/**
 * Under a text item: the likely secrets and personal data in it, highlighted, each with Redact (replace
 * by its placeholder across the card) and Keep (leave it, on purpose); kept values can be un-kept.
 */
export function FindingsPanel(props: {
  item: RedactableEvidence;
  name: string;
  onRedact: (value?: string) => void;
  onKeep: (value: string) => void;
  onUnkeep: (value: string) => void;
}) {
  const { item, name } = props;
  const open = openFindings(item);
  const values = [...new Map(open.map((f) => [f.value, f])).values()];
  const kept = item.kept ?? [];
  if (values.length === 0 && kept.length === 0) return null;
  return (
    <div className="findings" data-testid="findings">
      {values.length > 0 && (
        <>
          <p className="findings-title" role="status">
            {values.length === 1
              ? '1 likely secret or personal datum'
              : `${values.length} likely secrets or personal data`}{' '}
            in {name}: they will be replaced by placeholders when you save unless you keep them.
          </p>
          <HighlightedText text={item.body} kept={kept} label={`${name} with findings highlighted`} />
          <ul className="finding-list">
            {values.map((f) => (
              <li key={f.value}>
                <span className="finding-kind">{SECRET_KIND_NAMES[f.kind]}</span> <code>{f.value}</code>
                <button type="button" className="link-button" onClick={() => props.onRedact(f.value)}>
                  Redact <span className="visually-hidden">{f.value}</span>
                </button>
                <button type="button" className="link-button" onClick={() => props.onKeep(f.value)}>
                  Keep <span className="visually-hidden">{f.value}</span>
                </button>
              </li>
            ))}
          </ul>
          {values.length > 1 && (
            <button type="button" className="secondary" onClick={() => props.onRedact()}>
              Redact everything found on this card
            </button>
          )}
        </>
      )}
      {kept.length > 0 && (
        <p className="muted small">
          Kept on purpose:{' '}
          {kept.map((value) => (
            <span key={value} className="kept-value">
              <code>{value}</code>{' '}
              <button type="button" className="link-button" onClick={() => props.onUnkeep(value)}>
                Stop keeping <span className="visually-hidden">{value}</span>
              </button>{' '}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
