import { SURVEY_MIN_ANSWERS, type SurveyMonth } from '@/server/protocol-team';
import { formatMonth } from './format';

/** The chart's numbers as a table: what a screen reader reads, and what anyone can check. */
export function ConfidenceTable({ months }: { months: SurveyMonth[] }) {
  return (
    <table className="confidence-table" data-testid="confidence-table">
      <caption className="small muted">Confidence (1 to 5) and action completion, per month</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col">Answers</th>
          <th scope="col">Mean confidence</th>
          <th scope="col">Actions done</th>
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
                  ? `${m.answers} ${m.answers === 1 ? 'answer' : 'answers'} — shown from ${SURVEY_MIN_ANSWERS}`
                  : m.mean?.toFixed(1)}
            </td>
            <td>{m.actionCompletionRate === null ? '—' : `${Math.round(m.actionCompletionRate * 100)} %`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
