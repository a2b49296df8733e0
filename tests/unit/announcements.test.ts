import { describe, expect, it } from 'vitest';
import {
  monthName,
  overdueActions,
  surveyOpen,
  workshopReminder,
  workshopSummary,
} from '../../server/notify/announcement';
import { renderBody, resolveLink } from '../../server/notify/formats';
import { jobIdFor } from '../../server/notify/notifier';

const team = { id: 't1', name: 'Payments <core> & co' };
const teamUrl = 'https://drills.example.com/t/t1#token=member';

describe('announcements', () => {
  it('completes team links per webhook and keeps a join link whole', () => {
    const summary = workshopSummary(team, {
      workshopId: 'w1',
      title: 'November drill',
      participants: 1,
      turns: 2,
      notes: { crappy: 1, awesome: 0 },
      actions: 3,
    });
    expect(resolveLink(summary.link, teamUrl)).toBe('https://drills.example.com/t/t1/w/w1#token=member');
    expect(summary.lines).toEqual([
      '1 person, 2 turns at the laptop.',
      "1 note on What's crappy, 0 notes on What's awesome, 3 actions agreed.",
    ]);
    const now = new Date('2026-11-30T13:45:00Z');
    const reminder = workshopReminder(
      team,
      new Date('2026-11-30T14:00:00Z'),
      now,
      'https://x/join/w#token=j',
    );
    expect(resolveLink(reminder.link, teamUrl)).toBe('https://x/join/w#token=j');
    expect(reminder.title).toBe('Firedrill workshop in 15 minutes');
  });

  it('lists at most ten overdue actions and counts the rest', () => {
    const actions = Array.from({ length: 12 }, (_, i) => ({
      id: `a${i}`,
      text: `Fix ${i}`,
      ownerName: i === 0 ? null : 'Ann',
      dueDate: '2026-11-01',
    }));
    const message = overdueActions(team, actions);
    expect(message.title).toBe('12 actions past their due date');
    expect(message.lines[0]).toBe('• Fix 0 (no owner, due 2026-11-01)');
    expect(message.lines.at(-1)).toBe('… and 2 more.');
  });

  it('shapes Slack (escaped mrkdwn), Teams (Adaptive Card) and generic bodies', () => {
    const message = surveyOpen(team, '2026-12', { month: '2026-11', answers: 4, mean: 3.25 });
    const slack = renderBody('slack', message, teamUrl) as {
      text: string;
      blocks: { text?: { text: string } }[];
    };
    const reminder = workshopReminder(
      team,
      new Date('2026-12-01T10:00:00Z'),
      new Date('2026-12-01T09:50:00Z'),
      undefined,
    );
    const escaped = renderBody('slack', reminder, teamUrl) as { blocks: { text?: { text: string } }[] };
    expect(escaped.blocks[0]!.text!.text).toContain("Payments &lt;core&gt; &amp; co's production-support");
    expect(slack.text).toContain('November 2026: 3.3 on average from 4 answers.');
    const teams = renderBody('teams', message, teamUrl) as {
      attachments: { content: { body: { text: string }[]; actions: { url: string }[] } }[];
    };
    expect(teams.attachments[0]!.content.body[0]!.text).toBe('The December 2026 confidence survey is open');
    expect(teams.attachments[0]!.content.actions[0]!.url).toBe(teamUrl);
    expect(renderBody('generic', message, teamUrl)).toMatchObject({
      event: 'survey',
      team,
      link: teamUrl,
      data: { month: '2026-12', previous: { answers: 4, mean: 3.25 } },
    });
    expect(monthName('2027-01')).toBe('January 2027');
  });

  it('derives the same job id from the same key, a valid UUID', () => {
    expect(jobIdFor('summary:w1')).toBe(jobIdFor('summary:w1'));
    expect(jobIdFor('summary:w1')).not.toBe(jobIdFor('summary:w2'));
    expect(jobIdFor('summary:w1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
