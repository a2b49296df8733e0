import type { CreatedWorkshop } from '@/server/contract/http-workshop';
import { CopyField } from './copy-field';

/** After creating a workshop: the way into the room for the facilitator and the join link to share. */
export function CreatedWorkshopLinks({ workshop }: { workshop: CreatedWorkshop }) {
  return (
    <div className="created-workshop" role="status" data-testid="created-workshop">
      <p>
        <strong>The workshop is ready.</strong> Your facilitator link is kept in this browser.
      </p>
      <a className="button-link" href={workshop.facilitatorUrl}>
        Open the room
      </a>
      <CopyField label="Join link for the team" value={workshop.joinUrl} testId="workshop-join-link" />
    </div>
  );
}
