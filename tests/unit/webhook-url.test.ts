import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../server/notify/post-webhook';
import { isPublicAddress, maskUrl, webhookUrlSchema } from '../../server/notify/webhook-url';

/** Each URL with whether an admin may save it in production (private targets not allowed). */
const CASES: [url: string, accepted: boolean][] = [
  // Public hosts and addresses.
  ['https://hooks.slack.com/services/T0/B0/XyZ9', true],
  ['https://example.com:8443/hook?x=1', true],
  ['http://93.184.216.34/hook', true],
  ['https://8.8.8.8/hook', true],
  ['https://[2606:4700::1111]/hook', true],
  ['https://[2a00:1450:4001:82a::200e]/hook', true],
  // IPv4 loopback in every spelling the URL parser normalises to 127.0.0.1.
  ['http://127.0.0.1:8080/hook', false],
  ['http://127.1/hook', false],
  ['http://2130706433/hook', false],
  ['http://0x7f000001/hook', false],
  ['http://0177.0.0.1/hook', false],
  // Private, shared and special IPv4 ranges.
  ['https://10.1.2.3/hook', false],
  ['https://172.20.0.1/hook', false],
  ['https://192.168.1.10/hook', false],
  ['https://100.64.0.1/hook', false],
  ['http://169.254.169.254/latest/meta-data', false],
  ['http://0.0.0.0/hook', false],
  ['http://255.255.255.255/hook', false],
  ['http://224.0.0.1/hook', false],
  ['http://192.0.2.10/hook', false],
  ['http://198.18.0.1/hook', false],
  ['http://240.0.0.1/hook', false],
  // IPv6 special ranges.
  ['http://[::1]/hook', false],
  ['http://[::]/hook', false],
  ['http://[fd00::1]/hook', false],
  ['http://[fe80::1]/hook', false],
  ['http://[fec0::1]/hook', false],
  ['http://[ff02::1]/hook', false],
  ['http://[2001:db8::1]/hook', false],
  ['http://[100::1]/hook', false],
  // IPv6 forms that carry an IPv4 address inside.
  ['http://[::ffff:127.0.0.1]/hook', false],
  ['http://[::ffff:10.0.0.1]/hook', false],
  ['http://[::ffff:8.8.8.8]/hook', false],
  ['http://[::7f00:1]/hook', false],
  ['http://[::127.0.0.1]/hook', false],
  ['http://[::a00:1]/hook', false],
  ['http://[64:ff9b::7f00:1]/hook', false],
  ['http://[64:ff9b::a9fe:a9fe]/hook', false],
  ['http://[64:ff9b:1::a00:1]/hook', false],
  ['http://[2002:7f00:1::1]/hook', false],
  ['http://[2002:a00:1::1]/hook', false],
  ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook', false],
  ['http://[::ffff:0:7f00:1]/hook', false],
  // Internal names.
  ['http://localhost/hook', false],
  ['http://api.localhost/hook', false],
  ['http://LOCALHOST./hook', false],
  ['http://intranet/hook', false],
  // Not an http(s) URL, or one with credentials.
  ['ftp://hooks.example.com/x', false],
  ['javascript:alert(1)', false],
  ['file:///etc/passwd', false],
  ['nope', false],
  ['https://user:secret@hooks.example.com/x', false],
];

describe('webhook URLs', () => {
  const production = webhookUrlSchema(false);

  it(`saves only public http(s) targets (${CASES.length} cases)`, () => {
    const verdicts = CASES.map(([url]) => [url, production.safeParse(url).success]);
    expect(verdicts).toEqual(CASES);
  });

  it('saves loopback targets when private targets are allowed (tests)', () => {
    expect(webhookUrlSchema(true).safeParse('http://127.0.0.1:8080/hook').success).toBe(true);
  });

  it('calls only unicast addresses public, whatever IPv4 address a transition form carries', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '2a00:1450:4001:82a::200e'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.53',
      '100.64.0.1',
      '::ffff:10.0.0.1',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '2002:808:808::1',
      '2001:0:808:808::1',
      '::808:808',
      'not-an-address',
      '',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('masks a URL to its host and last four characters', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/abcdefXyZ9')).toBe(
      'https://hooks.slack.com/…/XyZ9',
    );
  });
});

describe('webhook delivery', () => {
  let hits = 0;
  const target = createServer((_req, res) => {
    hits += 1;
    res.end('ok');
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    port = (target.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));
  const post = (url: string) => postWebhook(url, { text: 'hi' }, { timeoutMs: 2_000, allowPrivate: false });

  it('refuses a saved address literal that is not public, without connecting', async () => {
    for (const host of ['127.0.0.1', '[::7f00:1]', '[::ffff:127.0.0.1]', '[64:ff9b::7f00:1]'])
      await expect(post(`http://${host}:${port}/hook`), host).rejects.toThrow(/private or loopback/);
    expect(hits).toBe(0);
  });

  it('refuses a host name when every address it resolves to is not public', async () => {
    await expect(post(`http://localhost:${port}/hook`)).rejects.toThrow(/resolves to a private address/);
    expect(hits).toBe(0);
  });

  it('posts to a loopback address when private targets are allowed', async () => {
    await postWebhook(`http://127.0.0.1:${port}/hook`, {}, { timeoutMs: 2_000, allowPrivate: true });
    expect(hits).toBe(1);
  });
});
