import { Room } from '../../room/room';

/** The workshop room. The token comes from the link's #fragment or this browser's storage. */
export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Room workshopId={id} />;
}
