import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpRoutes, listen } from '../../server/main/http-server';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(routes: Partial<HttpRoutes> = {}) {
  server = createHttpServer({
    routes: { '/healthz': (_req, res) => res.end('healthy') },
    upgrades: {},
    ...routes,
  });
  const { url, port } = await listen(server, 0, '127.0.0.1');
  return { url, port };
}

/** Sends a raw upgrade request and resolves with the first line of the answer. */
function upgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      ),
    );
    socket.once('data', (chunk) => {
      resolve(chunk.toString().split('\r\n')[0] ?? '');
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('the HTTP server', () => {
  it('answers its own routes, query string or not', async () => {
    const { url } = await serve();
    expect(await (await fetch(`${url}/healthz`)).text()).toBe('healthy');
    expect(await (await fetch(`${url}/healthz?probe=1`)).text()).toBe('healthy');
  });

  it('answers an unknown path with a JSON 404 when there is no app, even one named like an object key', async () => {
    const { url } = await serve();
    for (const path of ['/nowhere', '/constructor', '/__proto__', '/toString']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found' } });
    }
  });

  it('hands every other request to the app', async () => {
    const { url } = await serve({ fallback: (req, res) => res.end(`app: ${req.url}`) });
    expect(await (await fetch(`${url}/w/abc?x=1`)).text()).toBe('app: /w/abc?x=1');
  });

  it('refuses a path that does not decode or carries a NUL with a clear 400, before the app sees it', async () => {
    let appSaw = 0;
    const { url } = await serve({ fallback: (_req, res) => res.end(String(++appSaw)) });
    for (const path of ['/%E0%A4%A', '/a%00b', '/%ZZ']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: 'BAD_REQUEST', message: 'This address is not valid.' },
      });
    }
    expect(appSaw).toBe(0);
  });

  it('routes upgrades by prefix and answers any other upgrade with 404 instead of leaving it hanging', async () => {
    const { port } = await serve({
      upgrades: {
        '/yjs/': (_req, socket) => socket.end('HTTP/1.1 418 Yjs here\r\n\r\n'),
        '/socket.io/': 'own-listener',
      },
    });
    server?.on('upgrade', (req, socket) => {
      if (req.url?.startsWith('/socket.io/')) socket.end('HTTP/1.1 409 Engine here\r\n\r\n');
    });
    expect(await upgrade(port, '/yjs/w1')).toBe('HTTP/1.1 418 Yjs here');
    expect(await upgrade(port, '/socket.io/?EIO=4&transport=websocket')).toBe('HTTP/1.1 409 Engine here');
    expect(await upgrade(port, '/_next/webpack-hmr')).toBe('HTTP/1.1 404 Not Found');
  });

  it('gives other upgrades to the fallback when there is one (the dev server’s hot reload)', async () => {
    const { port } = await serve({
      fallbackUpgrade: (_req, socket) => socket.end('HTTP/1.1 426 Next here\r\n\r\n'),
    });
    expect(await upgrade(port, '/_next/webpack-hmr')).toBe('HTTP/1.1 426 Next here');
  });
});
