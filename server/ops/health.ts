import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../contract/errors';
import { type Metrics, mayReadMetrics } from './metrics';

/** What the operator endpoints read. */
export interface OpsEndpointsOptions {
  /** The database's driver name and a round trip to it (resolves with its latency, ms). */
  database: { driver: string; ping(): Promise<number> };
  /** The Redis connections, when several processes serve the workshops. */
  redis?: { isHealthy(): boolean };
  /** This process's name, in every answer. */
  processId: string;
  metrics: Metrics;
  /** Bearer token /metrics asks for; unset, /metrics is open. */
  metricsToken?: string;
  /** True once shutdown began: /readyz answers 503 so the load balancer sends no new connections. */
  isDraining: () => boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Health of this process's dependencies: 200 with each one's state, or 503 when one is down. */
async function checkHealth(options: OpsEndpointsOptions) {
  const { database, redis: cluster, processId } = options;
  const redis = cluster ? { redis: { ok: cluster.isHealthy() } } : {};
  const redisOk = !cluster || cluster.isHealthy();
  try {
    const latencyMs = await database.ping();
    return {
      status: redisOk ? 200 : 503,
      body: {
        status: redisOk ? 'ok' : 'degraded',
        processId,
        database: { driver: database.driver, ok: true, latencyMs },
        ...redis,
      },
    };
  } catch (error) {
    return {
      status: 503,
      body: {
        status: 'degraded',
        processId,
        database: { driver: database.driver, ok: false, error: (error as Error).message },
        ...redis,
      },
    };
  }
}

const sendJson = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * `/healthz` (are the dependencies up), `/readyz` (should the load balancer send this process new
 * connections: not while draining or with a dependency down) and `/metrics` (Prometheus text, behind
 * the metrics token when one is set). Never cached.
 */
export function opsEndpoints(options: OpsEndpointsOptions): Record<string, Handler> {
  const noStore = { 'cache-control': 'no-store' };
  return {
    '/healthz': (_req, res) => {
      void checkHealth(options).then(({ status, body }) => sendJson(res, status, body, noStore));
    },
    '/readyz': (_req, res) => {
      void checkHealth(options).then(({ status, body }) => {
        const reason = options.isDraining() ? 'draining' : status === 200 ? undefined : 'dependencies';
        if (!reason) return sendJson(res, 200, { ...body, status: 'ready' }, noStore);
        sendJson(res, 503, { ...body, status: 'not ready', reason, processId: options.processId }, noStore);
      });
    },
    '/metrics': (req, res) => {
      if (!mayReadMetrics(options.metricsToken, req.headers.authorization)) {
        const error = { code: ErrorCode.UNAUTHORIZED, message: 'This needs the metrics token.' };
        return sendJson(res, 401, { error }, { 'www-authenticate': 'Bearer' });
      }
      const { registry } = options.metrics;
      void registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': registry.contentType, ...noStore });
        res.end(text);
      });
    },
  };
}
