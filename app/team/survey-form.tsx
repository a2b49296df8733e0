'use client';

import { type FormEvent, useEffect, useId, useState } from 'react';
import { SURVEY_MIN_ANSWERS } from '@/server/contract/team';
import { callApi } from '../lib/api';
import { formatMonth } from './format';
import { recallAnsweredMonth, rememberAnsweredMonth, surveyKeyFor } from './team-tokens';

/** The question and how each score reads. */
export const SURVEY_QUESTION = 'How confident do you feel supporting our production systems?';
const SCORES = [
  { score: 1, label: 'Not at all' },
  { score: 2, label: 'A little' },
  { score: 3, label: 'Somewhat' },
  { score: 4, label: 'Quite' },
  { score: 5, label: 'Very' },
];
const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * The monthly confidence question, answered anonymously. The browser's survey key (random, kept in
 * this browser) lets the server refuse a second answer this month without knowing who answered.
 */
export function SurveyForm(props: { teamId: string; token: string; onAnswered?: () => void }) {
  const { teamId, token } = props;
  const legendId = useId();
  const [score, setScore] = useState<number | null>(null);
  const [answered, setAnswered] = useState<{ month: string; note: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const month = recallAnsweredMonth(teamId);
    if (month === thisMonth()) setAnswered({ month, note: 'You have answered this month. Thank you!' });
  }, [teamId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (score === null) return setError('Pick a score from 1 to 5 first.');
    setBusy(true);
    const result = await callApi<{ month: string }>(`/api/teams/${teamId}/survey`, {
      method: 'POST',
      body: { score, surveyKey: surveyKeyFor(teamId) },
      token,
    });
    setBusy(false);
    const already = !result.ok && /already answered/i.test(result.error.message);
    if (!result.ok && !already) return setError(result.error.message);
    const month = result.ok ? result.value.month : thisMonth();
    rememberAnsweredMonth(teamId, month);
    setAnswered({ month, note: result.ok ? 'Thank you for answering!' : result.error.message });
    props.onAnswered?.();
  };

  if (answered)
    return (
      <p className="survey-thanks" role="status" data-testid="survey-thanks">
        {answered.note} Your answer counts for {formatMonth(answered.month)}.
      </p>
    );
  return (
    <form className="survey-form" onSubmit={submit} data-testid="survey-form">
      <fieldset aria-labelledby={legendId}>
        <legend id={legendId}>{SURVEY_QUESTION}</legend>
        <div className="survey-scores">
          {SCORES.map(({ score: value, label }) => (
            <label key={value} className="survey-score">
              <input
                type="radio"
                name="score"
                value={value}
                checked={score === value}
                onChange={() => setScore(value)}
              />
              <span className="survey-number">{value}</span> <span className="small">{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="small muted">
        Your answer is anonymous: it stays sealed until the month ends, then it is counted with everyone
        else&rsquo;s (at least {SURVEY_MIN_ANSWERS}) and only the count per score is kept.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Send my answer
      </button>
    </form>
  );
}
