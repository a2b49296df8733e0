import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/** Longest webhook URL accepted. */
const MAX_URL_CHARS = 2_000;

/**
 * Addresses a webhook may not reach unless private targets are allowed (tests): loopback, private
 * networks, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and the
 * unspecified address. Refusing them keeps a team admin from using Firedrill to probe the network
 * it runs in (SSRF).
 */
const privateRanges = (() => {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['224.0.0.0', 3],
  ] as const)
    list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const)
    list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

/** Whether an IP address is loopback, private, link-local or otherwise not a public host. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped?.[1] ?? address;
  const family = isIP(ip);
  if (family === 0) return true;
  return privateRanges.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a URL without IPv6 brackets. */
export const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * A webhook URL as an admin may save it: http or https, no user or password, not too long, and (unless
 * private targets are allowed) not an IP literal or `localhost` name of a private address. Host names
 * are checked again against what they resolve to at each delivery.
 */
export function webhookUrlSchema(allowPrivate: boolean) {
  return z
    .string()
    .trim()
    .max(MAX_URL_CHARS, `must be at most ${MAX_URL_CHARS} characters`)
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not a URL' });
        return;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        ctx.addIssue({ code: 'custom', message: 'must start with https:// (or http://)' });
      else if (url.username || url.password)
        ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
      else if (!allowPrivate && isLocalName(url))
        ctx.addIssue({
          code: 'custom',
          message: 'points to a private or loopback address, which Firedrill does not post to',
        });
    });
}

function isLocalName(url: URL): boolean {
  const host = bareHost(url).toLowerCase();
  if (isIP(host)) return isPrivateAddress(host);
  return host === 'localhost' || host.endsWith('.localhost') || !host.includes('.');
}

/** How the admin sees a saved URL: scheme and host, then only its last four characters. */
export function maskUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}/…/${value.slice(-4)}`;
}
