import { RecordPage } from '../../../../team/record-page';
import '../../../../team/team.css';

/** The read-only record of one of the team's past workshops. */
export default async function WorkshopRecordRoute({
  params,
}: {
  params: Promise<{ id: string; wid: string }>;
}) {
  const { id, wid } = await params;
  return <RecordPage teamId={id} workshopId={wid} />;
}
