import { CreateWorkshopForm } from './create-workshop-form';

/** Landing page: what Firedrill is, and a form to start a workshop. */
export default function Home() {
  return (
    <main className="landing">
      <h1>Firedrill</h1>
      <p className="lede">
        Practise production support together: draw an incident from the hat, investigate it live while a
        scribe logs every step, and leave with what hurt, what worked and what to change.
      </p>
      <CreateWorkshopForm />
    </main>
  );
}
