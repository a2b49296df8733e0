import { SURVEY_MIN_ANSWERS, type SurveyMonth } from '@/server/contract/team';
import { formatMonth, hiddenMonthNote } from './format';

/** The chart's numbers as a table: what a screen reader reads, and what anyone can check. */
export function ConfidenceTable({ months }: { months: SurveyMonth[] }) {
  return (
    // Focusable, so a keyboard can scroll the table sideways on a narrow screen.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1)
    <section className="table-scroll" aria-label="Confidence table" tabIndex={0}>
      <table className="confidence-table" data-testid="confidence-table">
        <caption className="small muted">Confidence (1 to 5) and action completion, per month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Answers</th>
            <th scope="col">Mean confidence</th>
            <th scope="col">Actions done</th>
            <th scope="col">Answers by score (1 → 5)</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month} data-testid="confidence-row">
              <th scope="row">{formatMonth(m.month)}</th>
              <td>{m.answers}</td>
              <td>
                {m.answers === 0
                  ? 'No answers'
                  : m.hidden
                    ? hiddenMonthNote(m, SURVEY_MIN_ANSWERS)
                    : m.mean?.toFixed(1)}
              </td>
              <td>
                {m.actionCompletionRate === null ? '—' : `${Math.round(m.actionCompletionRate * 100)} %`}
              </td>
              <td>{m.distribution ? <Distribution counts={m.distribution} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A month's spread of answers as one bar: a segment per score, as wide as its count and labelled
 * "score×count", so it reads without colour.
 */
function Distribution({ counts }: { counts: number[] }) {
  const label = counts.map((n, i) => `${n} answered ${i + 1}`).join(', ');
  return (
    <span className="distribution" role="img" aria-label={label} data-testid="distribution">
      {counts.map((n, i) =>
        n > 0 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the index is the score, a stable key
          <span key={i} className={`dist-seg dist-${i + 1}`} style={{ flexGrow: n }}>
            {i + 1}×{n}
          </span>
        ) : null,
      )}
    </span>
  );
}
