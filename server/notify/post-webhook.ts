import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHost, isPublicAddress } from './webhook-url';

/** Limits of one outbound post. */
export interface PostOptions {
  /** Whole request, connect to last byte of the answer, ms. */
  timeoutMs: number;
  /** Allow loopback and private targets (tests only). */
  allowPrivate: boolean;
}

/** Largest body Firedrill sends; messages are a few KiB, so this only stops a bug. */
const MAX_SEND_BYTES = 64 * 1024;
/** How much of an answer is read before the connection is dropped. */
const MAX_ANSWER_BYTES = 16 * 1024;

/** A delivery that did not succeed, with a reason safe to show and log (never the URL). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/**
 * POSTs JSON to a webhook. Redirects are not followed (a 3xx is a failure), the answer is read up to
 * 16 KiB and thrown away, and the address a host name resolves to is checked on the connection
 * itself, so a name that resolves to a private address (DNS rebinding) is refused too.
 */
export async function postWebhook(target: string, body: unknown, options: PostOptions): Promise<number> {
  const url = new URL(target);
  const payload = Buffer.from(JSON.stringify(body));
  if (payload.byteLength > MAX_SEND_BYTES) throw new DeliveryError('message too large');
  const host = bareHost(url);
  if (!options.allowPrivate && isIP(host) && !isPublicAddress(host))
    throw new DeliveryError('refused: a private or loopback address');
  const lookup: LookupFunction = (hostname, lookupOptions, callback) =>
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as unknown as { address: string; family: number }[];
      const usable = options.allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (usable.length === 0)
        return callback(new DeliveryError('refused: the host resolves to a private address'), '', 4);
      if (lookupOptions.all) return callback(null, usable as never);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        lookup,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': payload.byteLength,
          'user-agent': 'Firedrill-Webhook/1',
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.byteLength;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const settle = () => {
          if (status >= 200 && status < 300) resolve(status);
          else if (status >= 300 && status < 400)
            reject(new DeliveryError(`HTTP ${status} (redirects are not followed)`));
          else reject(new DeliveryError(`HTTP ${status}`));
        };
        res.once('end', settle);
        res.once('close', settle);
        res.once('error', settle);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new DeliveryError(`timed out after ${options.timeoutMs / 1000} s`)),
      options.timeoutMs,
    );
    req.once('close', () => clearTimeout(timer));
    req.once('error', (error: NodeJS.ErrnoException) => reject(describeNetworkError(error)));
    req.end(payload);
  });
}

/** A network failure in words, from its code (node's messages can name the host). */
function describeNetworkError(error: NodeJS.ErrnoException): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
  };
  return new DeliveryError(
    reasons[error.code ?? ''] ?? `network error${error.code ? ` (${error.code})` : ''}`,
  );
}
