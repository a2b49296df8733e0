import type { WebhookFormat } from '../contract/vocabulary';
import type { Announcement } from './announcement';

/**
 * The absolute link of an announcement for one webhook: a team path gets the origin and the token
 * fragment of the team link kept with the webhook.
 */
export function resolveLink(link: Announcement['link'], teamUrl: string): string {
  if ('url' in link) return link.url;
  const base = new URL(teamUrl);
  return `${base.origin}${link.teamPath}${base.hash}`;
}

/** Plain text of an announcement: title, lines, link. */
export function plainText(message: Announcement, link: string): string {
  return [message.title, ...message.lines, `${message.link.label}: ${link}`].join('\n');
}

/** Slack's mrkdwn needs &, < and > escaped. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The JSON body for a webhook format:
 * - `slack`: an incoming-webhook message, `{ text, blocks }` (text is the notification fallback);
 * - `teams`: a Microsoft Teams message with one Adaptive Card attachment, the body both the classic
 *   incoming webhooks and the Workflows "when a Teams webhook request is received" accept
 *   (MessageCard works only on the classic connectors, which Microsoft is retiring);
 * - `generic`: `{ event, team, text, link, data }`.
 */
export function renderBody(format: WebhookFormat, message: Announcement, teamUrl: string): unknown {
  const link = resolveLink(message.link, teamUrl);
  switch (format) {
    case 'slack':
      return {
        text: plainText(message, link),
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: [`*${slackEscape(message.title)}*`, ...message.lines.map(slackEscape)].join('\n'),
            },
          },
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `<${link}|${slackEscape(message.link.label)}>` }],
          },
        ],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true },
                ...message.lines.map((line) => ({ type: 'TextBlock', text: line, wrap: true })),
              ],
              actions: [{ type: 'Action.OpenUrl', title: message.link.label, url: link }],
            },
          },
        ],
      };
    case 'generic':
      return {
        event: message.event,
        team: message.team,
        text: plainText(message, link),
        link,
        data: message.data,
      };
  }
}
