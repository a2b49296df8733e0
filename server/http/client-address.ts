import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

/**
 * The header the custom server hands the client's address to the route handlers in. Whatever a
 * client sends under this name is removed first, so the value is always the server's own.
 */
export const CLIENT_ADDRESS_HEADER = 'x-firedrill-client-address';

/** Address ranges whose X-Forwarded-For is believed (TRUSTED_PROXIES), parsed. */
export type TrustedProxies = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

/**
 * Parses TRUSTED_PROXIES: comma-separated CIDR ranges (`10.0.0.0/8, ::1/128`); a bare address is a
 * range of one. Empty (the default) trusts no proxy. Throws naming the first entry that is not a range.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      try {
        if (entry.includes('/')) return ipaddr.parseCIDR(entry);
        const address = ipaddr.parse(entry);
        return [address, address.kind() === 'ipv4' ? 32 : 128] as const;
      } catch {
        throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address range (e.g. 10.0.0.0/8).`);
      }
    });
}

/**
 * The client's address: the socket's peer, unless the peer is a trusted proxy; then X-Forwarded-For
 * is read from its right end (the hop the proxy itself appended), skipping further trusted proxies,
 * and the first address not trusted is the client. Hops left of it were written by whoever connected
 * to that proxy, so they are never believed. IPv4-mapped IPv6 forms are written as IPv4.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  let address = normalise(peer);
  if (!address) return 'unknown';
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  while (isTrusted(address, trusted)) {
    const next = normalise(hops.pop());
    if (!next) break;
    address = next;
  }
  return address.toString();
}

/** Replaces any client-sent CLIENT_ADDRESS_HEADER by the address computed from the connection. */
export function stampClientAddress(req: IncomingMessage, trusted: TrustedProxies): void {
  delete req.headers[CLIENT_ADDRESS_HEADER];
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    req.socket.remoteAddress,
    req.headers['x-forwarded-for'],
    trusted,
  );
}

function normalise(text: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // Four-part decimal only: ipaddr.js would also read "127.1" or "0x7f.0.0.1", which no proxy writes.
  if (!text || !(ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text))) return undefined;
  return ipaddr.process(text);
}

function isTrusted(address: ipaddr.IPv4 | ipaddr.IPv6, trusted: TrustedProxies): boolean {
  return trusted.some(
    ([range, bits]) =>
      range.kind() === address.kind() && (address as ipaddr.IPv4).match(range as ipaddr.IPv4, bits),
  );
}

/** The address the custom server stamped on a request ("unknown" if it was not served by it). */
export function requestAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}
