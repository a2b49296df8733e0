'use client';

// The team stylesheet carries these components' rules, so the room needs no change to globals.css.
import '../team/team.css';
import { SurveyForm } from '../team/survey-form';

/**
 * The monthly confidence question, offered on an ended workshop's summary. `token` is the viewer's
 * workshop token: the survey endpoint must accept a token of any workshop of the team for this to
 * work (a server change requested alongside this component); until then the form shows its refusal.
 */
export function SurveyOffer({ teamId, token }: { teamId: string; token: string }) {
  return (
    <section className="panel survey-offer" aria-labelledby="survey-offer-title" data-testid="survey-offer">
      <h2 id="survey-offer-title">Before you go: one question</h2>
      <SurveyForm teamId={teamId} token={token} />
    </section>
  );
}
