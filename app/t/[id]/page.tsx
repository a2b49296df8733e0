import { TeamPage } from '../../team/team-page';
import '../../team/team.css';

/** A team's page. The token comes from the link's #fragment or this browser's storage. */
export default async function TeamRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TeamPage teamId={id} />;
}
