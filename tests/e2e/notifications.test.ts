import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closeAllPages,
  launchBrowser,
  newPage,
  saveFailureArtefacts,
  saveScreenshot,
} from '../helpers/browser';
import { eventually } from '../helpers/clients';
import { type ServerProcess, startServer } from '../helpers/server-process';
import { createTeam } from '../helpers/team';
import { notifyTestEnv, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

describe('chat webhooks and calendar on the team page', () => {
  let browser: Browser;
  let server: ServerProcess;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    [browser, server] = await Promise.all([launchBrowser(), startServer({ env: notifyTestEnv })]);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await saveFailureArtefacts(browser, context.task.name);
    await closeAllPages(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it('lets the admin add a webhook, send a test message and see a failing one; members see none of it', async () => {
    const team = await createTeam(server.url, 'Payments');
    const admin = await newPage(browser);
    await admin.goto(team.adminUrl);
    const section = admin.getByRole('region', { name: 'Chat and calendar' });
    await eventually(
      async () => expect(await section.getByTestId('webhooks-empty').isVisible()).toBe(true),
      15_000,
    );

    // A wrong URL is refused with the reason, and nothing is added.
    await section.getByLabel('Webhook URL').fill('ftp://hooks.example.com/x');
    await section.getByRole('button', { name: 'Add webhook' }).click();
    await eventually(async () =>
      expect(await section.getByRole('alert').textContent()).toMatch(/https:\/\//),
    );

    await section.getByLabel('Format').selectOption('slack');
    await section.getByLabel('Webhook URL').fill(`${receiver.url}/services/T0/B0/secretXyZ9`);
    await section.getByRole('button', { name: 'Add webhook' }).click();
    const item = section.getByTestId('webhook');
    await eventually(async () => expect(await item.textContent()).toContain(`${receiver.url}/…/XyZ9`));
    expect(await admin.content()).not.toContain('secretXyZ9');
    await item.getByRole('button', { name: 'Send test message' }).click();
    await eventually(async () =>
      expect(await item.getByRole('status').textContent()).toBe('Test message delivered.'),
    );
    expect(
      receiver
        .postsTo('/services/T0/B0/secretXyZ9')
        .some((p) => JSON.stringify(p.body).includes('Firedrill is connected')),
    ).toBe(true);

    receiver.answer('/broken', 500);
    await section.getByLabel('Format').selectOption('generic');
    await section.getByLabel('Webhook URL').fill(`${receiver.url}/broken`);
    await section.getByRole('button', { name: 'Add webhook' }).click();
    const broken = section.getByTestId('webhook').nth(1);
    await broken.getByRole('button', { name: 'Send test message' }).click();
    await eventually(async () =>
      expect(await broken.getByRole('alert').textContent()).toBe('Test message failed: HTTP 500.'),
    );
    await eventually(async () =>
      expect(await broken.getByTestId('webhook-status').textContent()).toMatch(/Failing: HTTP 500/),
    );

    // The calendar feed is there to copy.
    await eventually(async () =>
      expect(await section.getByRole('textbox', { name: 'Calendar feed' }).inputValue()).toMatch(
        new RegExp(`/api/teams/${team.id}/calendar/[A-Za-z0-9_-]+\\.ics$`),
      ),
    );
    await saveScreenshot(admin, 'team-notifications');

    const member = await newPage(browser);
    await member.goto(team.memberUrl);
    await member.getByRole('heading', { name: 'Confidence' }).waitFor();
    expect(await member.getByRole('region', { name: 'Chat and calendar' }).count()).toBe(0);
    expect(await member.content()).not.toContain(receiver.url);
  });
});
