/**
 * Two Firedrill processes on one PostgreSQL database (and Redis, behind HAProxy): both run the job
 * queue's workers and both offer the periodic scan every second, yet every announcement reaches the
 * chat exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionView } from '../../server/contract/team';
import { eventually } from '../helpers/clients';
import { createTeamWorkshop, runWorkshop } from '../helpers/run-workshop';
import { createTeam, teamApi } from '../helpers/team';
import { useCluster } from '../helpers/use-cluster';
import { notifyTestEnv, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

describe('chat webhooks with two processes on one PostgreSQL database', () => {
  const live = useCluster({ processes: 2, env: { ...notifyTestEnv, LOG_LEVEL: 'info' } });
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('posts each announcement once: survey opening, summary, overdue action, reminder', {
    timeout: 90_000,
  }, async () => {
    const team = await createTeam(live.cluster.url, 'Platform');
    const admin = teamApi(live.cluster.url, team.id, team.adminToken);
    const member = teamApi(live.cluster.url, team.id, team.memberToken);
    expect((await admin.post('/webhooks', { format: 'generic', url: `${receiver.url}/team` })).status).toBe(
      201,
    );
    const events = () => receiver.postsTo('/team').map((p) => p.body.event as string);
    await eventually(() => expect(events()).toContain('survey'), 15_000);

    await runWorkshop(live.cluster.url, await createTeamWorkshop(admin, 'Cluster drill'), {
      play: 'turn',
      walls: {
        crappy: ['slow logs'],
        actions: [{ text: 'Faster log search', dueDate: '2099-01-01' }],
      },
    });
    await eventually(() => expect(events()).toContain('summary'), 20_000);

    const [action] = await eventually(async () => {
      const { body } = await member.get<ActionView[]>('/actions');
      expect(body).toHaveLength(1);
      return body;
    });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await admin.patch(`/actions/${action!.id}`, { dueDate: yesterday });
    await admin.patch('', { nextWorkshopAt: new Date(Date.now() + 12 * 60_000).toISOString() });
    await eventually(() => expect(events()).toEqual(expect.arrayContaining(['overdue', 'reminder'])), 15_000);

    // Both processes keep scanning every second; nothing is posted twice.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(events().sort()).toEqual(['overdue', 'reminder', 'summary', 'survey']);
  });
});
