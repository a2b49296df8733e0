import { describe, expect, it } from 'vitest';
import { isPrivateAddress, maskUrl, webhookUrlSchema } from '../../server/notify/webhook-url';

describe('webhook URLs', () => {
  const production = webhookUrlSchema(false);
  const tests = webhookUrlSchema(true);

  it('refuses loopback, private, link-local and internal names in production', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://api.localhost/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://intranet/hook',
      'http://0.0.0.0/hook',
    ])
      expect(production.safeParse(url).success, url).toBe(false);
    expect(tests.safeParse('http://127.0.0.1:8080/hook').success).toBe(true);
  });

  it('accepts public https and http hosts, and nothing but http(s)', () => {
    expect(production.safeParse('https://hooks.slack.com/services/T0/B0/XyZ9').success).toBe(true);
    expect(production.safeParse('http://93.184.216.34/hook').success).toBe(true);
    for (const url of ['ftp://hooks.example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'nope'])
      expect(production.safeParse(url).success, url).toBe(false);
  });

  it('tells private addresses from public ones, IPv4-mapped included', () => {
    expect(isPrivateAddress('127.0.0.53')).toBe(true);
    expect(isPrivateAddress('100.64.0.1')).toBe(true);
    expect(isPrivateAddress('::ffff:10.0.0.1')).toBe(true);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
  });

  it('masks a URL to its host and last four characters', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/abcdefXyZ9')).toBe(
      'https://hooks.slack.com/…/XyZ9',
    );
  });
});
