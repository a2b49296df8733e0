import { JoinForm } from './join-form';

/** The join link's page: type a name, enter the room. */
export default async function JoinPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <main className="landing">
      <h1>Firedrill</h1>
      <JoinForm workshopId={id} />
    </main>
  );
}
