import { CreateTeamForm } from './create-team-form';
import { CreateWorkshopForm } from './create-workshop-form';
import './team/team.css';

/** Landing page: what Firedrill is, a form to start a one-off workshop and one to create a team. */
export default function Home() {
  return (
    <main className="landing landing-wide">
      <h1>Firedrill</h1>
      <p className="lede">
        Practise production support together: draw an incident from the hat, investigate it live while a
        scribe logs every step, and leave with what hurt, what worked and what to change.
      </p>
      <div className="landing-forms">
        <CreateWorkshopForm />
        <CreateTeamForm />
      </div>
    </main>
  );
}
