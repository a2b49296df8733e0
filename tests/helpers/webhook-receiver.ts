import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Short intervals for tests; the production defaults are 60 s, 2 s, 30 s and 5 retries. */
export const notifyTestEnv = {
  WEBHOOK_ALLOW_PRIVATE: '1',
  NOTIFY_SCAN_SECONDS: '1',
  NOTIFY_POLL_SECONDS: '0.5',
  WEBHOOK_RETRY_DELAY_SECONDS: '1',
  WEBHOOK_RETRY_LIMIT: '2',
  WEBHOOK_TIMEOUT_MS: '1000',
};

/** One POST the receiver got. */
export interface ReceivedPost {
  path: string;
  at: number;
  body: Record<string, unknown>;
  /** The status the receiver answered with. */
  status: number;
}

/** How the receiver answers a POST to a path: a status, or 'hang' to never answer. */
export type Answer = number | 'hang';

/** A chat service stand-in on loopback: records every POST and answers as each path is told to. */
export interface WebhookReceiver {
  url: string;
  posts: ReceivedPost[];
  /** Posts to one path (e.g. '/slack'). */
  postsTo(path: string): ReceivedPost[];
  /** Sets how a path answers from now on: a status, a list used in turn (the last one repeats), or 'hang'. */
  answer(path: string, answers: Answer | Answer[]): void;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 at a free port. Unknown paths answer 200. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const plans = new Map<string, Answer[]>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const plan = plans.get(path) ?? [200];
      const next = plan.length > 1 ? plan.shift()! : plan[0]!;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = { unparsable: raw };
      }
      posts.push({ path, at: Date.now(), body, status: next === 'hang' ? 0 : next });
      if (next === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(next, next >= 300 && next < 400 ? { location: 'http://example.com/elsewhere' } : {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    postsTo: (path) => posts.filter((p) => p.path === path),
    answer: (path, answers) => plans.set(path, Array.isArray(answers) ? [...answers] : [answers]),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
