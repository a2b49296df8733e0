'use client';

import { SURVEY_MIN_ANSWERS, type SurveyMonth } from '@/server/contract/team';
import { EmptyState } from '../lib/empty-state';
import { ConfidenceChart } from './confidence-chart';
import { ConfidenceTable } from './confidence-table';
import { LoadingNote } from './loading-note';
import type { SectionProps } from './section-props';
import { SurveyForm } from './survey-form';
import { useApiData } from './use-api-data';

/** The monthly confidence survey, and the trend beside the action completion rate. */
export function ConfidenceSection({ teamId, token, isAdmin, version }: SectionProps) {
  const months = useApiData<SurveyMonth[]>(`/api/teams/${teamId}/survey`, token, version);
  const list = months.data ?? [];
  const hasResults = list.some((m) => !m.hidden);
  return (
    <section className="card team-section confidence" aria-labelledby="confidence-title">
      <h2 id="confidence-title">Confidence</h2>
      <SurveyForm teamId={teamId} token={token} onAnswered={months.reload} />
      {months.error && (
        <p className="error" role="alert">
          {months.error}
        </p>
      )}
      <h3>Month by month</h3>
      {!months.data && !months.error ? (
        <LoadingNote what="the results" />
      ) : hasResults ? (
        <ConfidenceChart months={list} />
      ) : (
        <EmptyState>
          {list.some((m) => m.answers > 0)
            ? 'No results yet: '
            : `No answers yet: answer the question above${isAdmin ? ' and share the member link with the team' : ''}. `}
          A month&rsquo;s results appear once it has ended with at least {SURVEY_MIN_ANSWERS} answers, all
          counted at once, so nobody&rsquo;s score can be singled out.
        </EmptyState>
      )}
      {list.length > 0 && <ConfidenceTable months={list} />}
    </section>
  );
}
