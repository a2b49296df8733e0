import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** Longest webhook URL accepted. */
const MAX_URL_CHARS = 2_000;

/**
 * IPv4-compatible addresses (`::a.b.c.d`, RFC 4291, deprecated). ipaddr.js files them under
 * `unicast`, but a stack that still routes them sends the packet to the IPv4 address inside
 * (`::7f00:1` is 127.0.0.1), so the whole /96 is refused.
 */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Whether a webhook may reach an IP address: only when ipaddr.js files it under the `unicast` range
 * (and it is not IPv4-compatible). Everything else is refused: loopback, private networks, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and documentation
 * ranges, and every IPv6 form that carries an IPv4 address inside (IPv4-mapped, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`, Teredo `2001::/32`), whatever that IPv4 address is, since the network may
 * translate it to a private one. This keeps a team admin from using Firedrill to probe the network
 * it runs in (SSRF). Not an IP address at all: refused.
 */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  const ip = ipaddr.parse(address);
  if (ip.range() !== 'unicast') return false;
  return !(ip.kind() === 'ipv6' && ip.match(IPV4_COMPATIBLE));
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
  // A trailing dot names the same host (`localhost.` is localhost).
  const host = bareHost(url).toLowerCase().replace(/\.$/, '');
  if (isIP(host)) return !isPublicAddress(host);
  return host === 'localhost' || host.endsWith('.localhost') || !host.includes('.');
}

/** How the admin sees a saved URL: scheme and host, then only its last four characters. */
export function maskUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}/…/${value.slice(-4)}`;
}
