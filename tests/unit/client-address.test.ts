import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  parseTrustedProxies,
  stampClientAddress,
} from '../../server/http/client-address';

const haproxy = parseTrustedProxies('127.0.0.1/32');

describe('client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', [])).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', '198.51.100.1', [])).toBe('127.0.0.1');
  });

  it('is the hop a trusted proxy appended, not what the client wrote before it', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1', haproxy)).toBe('198.51.100.1');
    // The client sent "X-Forwarded-For: 10.9.9.9" itself; HAProxy added its own line after it.
    expect(clientAddress('127.0.0.1', ['10.9.9.9', '198.51.100.1'], haproxy)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '10.9.9.9, 198.51.100.1', haproxy)).toBe('198.51.100.1');
  });

  it('skips every trusted proxy in a chain', () => {
    const trusted = parseTrustedProxies('127.0.0.1/32, 10.0.0.0/8');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.1, 10.1.2.3', trusted)).toBe('198.51.100.1');
  });

  it('falls back to the proxy when its header is missing or not an address', () => {
    expect(clientAddress('127.0.0.1', undefined, haproxy)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', 'not-an-address', haproxy)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '127.1', haproxy)).toBe('127.0.0.1');
  });

  it('writes IPv4-mapped IPv6 peers as IPv4 and matches them against IPv4 ranges', () => {
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1', haproxy)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:203.0.113.7', undefined, [])).toBe('203.0.113.7');
    expect(clientAddress('::1', '2001:db8::1', parseTrustedProxies('::1'))).toBe('2001:db8::1');
  });

  it('is "unknown" without a peer address', () => {
    expect(clientAddress(undefined, '198.51.100.1', haproxy)).toBe('unknown');
  });

  it('refuses a TRUSTED_PROXIES entry that is not a range, naming it', () => {
    expect(parseTrustedProxies('')).toEqual([]);
    expect(() => parseTrustedProxies('10.0.0.0/8, example.com')).toThrow('"example.com"');
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('"10.0.0.0/33"');
  });

  it('replaces a client-sent address header by the computed one', () => {
    const req = {
      headers: { [CLIENT_ADDRESS_HEADER]: '1.1.1.1', 'x-forwarded-for': '198.51.100.1' },
      socket: { remoteAddress: '203.0.113.7' },
    } as unknown as IncomingMessage;
    stampClientAddress(req, haproxy);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe('203.0.113.7');
  });
});
