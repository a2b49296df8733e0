import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecrets, redactTexts } from '../../server/model/redaction';
import {
  type Finding,
  SECRET_KIND_NAMES,
  SECRET_KINDS,
  type SecretKind,
} from '../../server/model/secret-kinds';
import { HELD_OUT_SAMPLES, SAMPLES, type Sample } from './redaction-samples';

const SEED = 20240312;
const ALL_SAMPLES = [...SAMPLES, ...HELD_OUT_SAMPLES];

/** What a reader sees flagged in `text`: [kind, value] in order. */
const flagged = (text: string) =>
  findSecrets(text).map(({ kind, value }): [SecretKind, string] => [kind, value]);

/** Asserts `text` is flagged exactly as `expected`. */
const expectFlagged = (text: string, ...expected: [SecretKind, string][]) =>
  expect(flagged(text), text).toEqual(expected);

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const randomString = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

describe('e-mail addresses', () => {
  it('are found in prose, headers, JSON and query strings', () => {
    expectFlagged('Customer jane.doe@gmail.com was charged twice', ['email', 'jane.doe@gmail.com']);
    expectFlagged('Author: Alice <alice.nguyen@acme-shop.co.uk>', ['email', 'alice.nguyen@acme-shop.co.uk']);
    expectFlagged('{"userEmail":"tom+alerts@example.org"}', ['email', 'tom+alerts@example.org']);
    expectFlagged('GET /lookup?email=kenji.sato%40example.jp HTTP/1.1', ['email', 'kenji.sato%40example.jp']);
    expectFlagged(
      '<mailto:h.schmidt@example.de|h.schmidt@example.de>',
      ['email', 'h.schmidt@example.de'],
      ['email', 'h.schmidt@example.de'],
    );
  });

  it('are not mentions, package versions, image digests, database users or URL user names', () => {
    expectFlagged('@here @alice is IC, @bob comms');
    expectFlagged('peer dep react@^18.2.0 required by @acme/ui-kit@3.4.1, uses actions/checkout@v4');
    expectFlagged(
      'FROM node:20-alpine@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    );
    expectFlagged('[28812] checkout@checkout FATAL: password authentication failed');
    expectFlagged('SENTRY_DSN=https://5ac06dfecd70a316ff20ad810ea46c0b@o450123.ingest.sentry.io/5512345');
  });
});

describe('IP addresses', () => {
  it('are found without their port, brackets, prefix length or zone', () => {
    expectFlagged('upstream=10.0.4.17:8080 client 203.0.113.42', ['ip', '10.0.4.17'], ['ip', '203.0.113.42']);
    expectFlagged('server [2001:db8::10]:8080;', ['ip', '2001:db8::10']);
    expectFlagged('inet6 2001:0db8:85a3:0000:0000:8a2e:0370:7334/64', [
      'ip',
      '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
    ]);
    expectFlagged('from fe80::1ff:fe23:4567:890a%eth0', ['ip', 'fe80::1ff:fe23:4567:890a']);
    expectFlagged('Connection from ::ffff:198.51.100.23 port 51234', ['ip', '::ffff:198.51.100.23']);
    expectFlagged('node ip-10-0-3-114.compute.internal/10.0.3.114', ['ip', '10.0.3.114']);
  });

  it('are not versions, OIDs, out-of-range octets or addresses that identify no host', () => {
    expectFlagged('assembly 10.2.3.4.5, OID 1.3.6.1.2.1.1.3.0, agent v1.2.3.4, build 7.52.0.1-beta');
    expectFlagged("'Newtonsoft.Json, Version=13.0.0.0' and version 4.2.0.1");
    expectFlagged('Mozilla/5.0 AppleWebKit/537.36 Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0');
    expectFlagged('not an address: 256.1.1.1, 10.0.0.999');
    expectFlagged('connect ECONNREFUSED 127.0.0.1:6379; listen 0.0.0.0:8080; netmask 255.255.240.0');
    expectFlagged('listen [::]:443; ping ::1; EADDRINUSE :::3000');
  });

  it('are not times, MAC addresses or code that uses ::', () => {
    expectFlagged('12:30:45 step finished in 00:12:31.442; 2024-03-13T02:00:00Z');
    expectFlagged('ether 0a:1b:2c:3d:4e:5f');
    expectFlagged(
      'called `Result::unwrap()` in std::vector, Devise::SessionsController, items[1::2], abc::def',
    );
  });

  it('are every ordinary IPv4 address', () => {
    fc.assert(
      fc.property(
        fc.ipV4().filter((ip) => !/^(?:0|127|255)\./.test(ip)),
        (ip) => {
          expect(flagged(`client=${ip}:443 ok`)).toEqual([['ip', ip]]);
        },
      ),
      { seed: SEED },
    );
  });

  it('are every IPv6 address in any notation, when compressed with a digit and a group of three or an IPv4 address', () => {
    const groupOfThree = /(?:^|:)[0-9a-f]{3}/i;
    fc.assert(
      fc.property(
        fc
          .ipV6()
          .filter(
            (ip) => !ip.includes('::') || (/\d/.test(ip) && (groupOfThree.test(ip) || ip.includes('.'))),
          ),
        (ip) => {
          expect(flagged(`client ${ip} said hello`)).toEqual([['ip', ip]]);
        },
      ),
      { seed: SEED },
    );
  });
});

describe('JWTs', () => {
  const jwt =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEiLCJpYXQiOjE3MTAyMDk0MzN9.9EqPdTWMgM7to2FxqSfYO8SnkXdivW3k4OPIZ7x93_Y';

  it('are found alone, as a bearer token and as a labelled value, always as a JWT', () => {
    expectFlagged(`decoded ${jwt} → exp 03:10`, ['jwt', jwt]);
    expectFlagged(`-H "Authorization: Bearer ${jwt}"`, ['jwt', jwt]);
    expectFlagged(`id_token=${jwt}&state=af0ifjsldkj`, ['jwt', jwt]);
  });

  it('are not a base64 JSON cursor of one segment', () => {
    expectFlagged('GET /orders?cursor=eyJpZCI6NTU4ODEyLCJ0cyI6MTcxMDIwOTQzM30&limit=50');
  });
});

describe('AWS keys', () => {
  it('are access key ids anywhere and secret keys when labelled', () => {
    expectFlagged('Key: AKIA45ARNW7JFUPTHRLD', ['aws-key', 'AKIA45ARNW7JFUPTHRLD']);
    expectFlagged('X-Amz-Credential=ASIAPDSPQC45UTHASAIL%2F20240312', ['aws-key', 'ASIAPDSPQC45UTHASAIL']);
    expectFlagged('aws_secret_access_key = WsQEP9VKJ2xi8waZBVpcO0DLsySG0aIW60Qv3oRy', [
      'aws-key',
      'WsQEP9VKJ2xi8waZBVpcO0DLsySG0aIW60Qv3oRy',
    ]);
    expectFlagged('"SecretAccessKey": "axKPH6aYr93nvruCbAxqqlMwiSgmOoBL7zNic7rv"', [
      'aws-key',
      'axKPH6aYr93nvruCbAxqqlMwiSgmOoBL7zNic7rv',
    ]);
  });

  it('are AWS keys, not tokens, even under a token label', () => {
    expectFlagged('api_key=AKIAXQDX3K7F65NDOQA7', ['aws-key', 'AKIAXQDX3K7F65NDOQA7']);
  });

  it('are not role or user ids, or upper-case words that start with AKIA', () => {
    expectFlagged('AROAXQDX3K7F65NDOQA7 assumed; AKIAXQDX3K7F65NDOQA7EXTRA is too long');
  });
});

describe('API keys and tokens', () => {
  it('are found by their well-known prefixes', () => {
    for (const token of [
      'ghp_8LpefcsBAyiPutwRFcoM3zcCvPRV8I13Zkes',
      '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',
      'xoxb-024090204378-5040033129438-vb4nZGidEBAH5clz3AzX9gwL',
      'xapp-1-AQJ49GFSWSB-1140168656110-f75ff997441c88afc1984c014e5aa276',
      'sk_live_ApnPPAQ8yJlWQEOz56CgyL2w',
      'pk_live_wPPL0xNSumSBkgKzvCUPqiA7',
      'whsec_9f3KpL2mQx8RzT4vWb7nYc1dHs6Ga0Ej',
      'AIzafVgu1pD864P8ZSLVuf-_gKrjB7O2tl5LtoJ',
      'sk-proj-47f7TF1vO4CqeLD5nUzL1evehTx0k2PeqPd1pKi8EiZ-LpHG',
      'npm_UrLj3oDw5HHQkTnOeJXomA7sxAKaycF0FnXL',
      'glpat-r5HrpcYUd3jza6TBKoS7',
      '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',
    ])
      expectFlagged(`try with ${token} for now`, ['token', token]);
  });

  it('are the credential of an Authorization header and the password of a URL', () => {
    expectFlagged('Authorization: Bearer 2AY0uqiw3X9kLSCk8nYzIwioZF51CllN', [
      'token',
      '2AY0uqiw3X9kLSCk8nYzIwioZF51CllN',
    ]);
    expectFlagged("-H 'Authorization: Basic c3ZjLWRlcGxveTpXcTghelAyI3JU'", [
      'token',
      'c3ZjLWRlcGxveTpXcTghelAyI3JU',
    ]);
    expectFlagged('postgres://checkout:Vq7kL2pX9mRw@db-primary.internal:5432/checkout', [
      'token',
      'Vq7kL2pX9mRw',
    ]);
    expectFlagged('redis://:hunter2@redis-master:6379/0', ['token', 'hunter2']);
    expectFlagged('https://hooks.slack.com/services/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', [
      'token',
      'XnLRXSKBwScSEUNYBvO4mFHg',
    ]);
  });

  it('are the value of a secret-like label, however the assignment is written', () => {
    expectFlagged('password=hunter2', ['token', 'hunter2']);
    expectFlagged('DB_PASS=s3cr3t&x=1', ['token', 's3cr3t']);
    expectFlagged('"client_secret": "a b c; d"', ['token', 'a b c; d']);
    expectFlagged('X-Api-Key: 2AY0uqiw3X9k', ['token', '2AY0uqiw3X9k']);
    expectFlagged('Server=sql;Password=Summer2024!Orders;Encrypt=True', ['token', 'Summer2024!Orders']);
    expectFlagged('"password"=>"hunter2", token := "abc123"', ['token', 'hunter2'], ['token', 'abc123']);
    expectFlagged('--password=R3port!ng2024 -e "SELECT 1"', ['token', 'R3port!ng2024']);
    expectFlagged('token=1a3f20c555f3ed7346b410cfb7d2129ca31808d3', [
      'token',
      '1a3f20c555f3ed7346b410cfb7d2129ca31808d3',
    ]);
    expectFlagged('  password: VnE3a0wycFg5bVJ3', ['token', 'VnE3a0wycFg5bVJ3']);
  });

  it('are not masked or templated values, prose, or labels that only mention a token', () => {
    expectFlagged(`password=********  token=<redacted>  api_key=REDACTED  secret=\${VAULT_SECRET}`);
    expectFlagged(
      'client_secret={{ .Values.clientSecret }} password = (sensitive value) "token":"" "apiKey":null',
    );
    expectFlagged('The token: expired at 02:10. Password: Reset by Bob.');
    expectFlagged('max_tokens=4096 token_count=12 password_reset=true secretName: checkout-db');
    expectFlagged("Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed'");
    expectFlagged('missing Bearer token; WWW-Authenticate: Bearer realm="inventory"; Basic auth');
  });

  it('are random-looking strings even without a label', () => {
    expectFlagged(
      'prod webhook secret is 2JPNFbJFjHhUDiK9zaoLn7uwAPGNG27IUde_RP9R0EstY62ki-baQg — add it to vault',
      ['token', '2JPNFbJFjHhUDiK9zaoLn7uwAPGNG27IUde_RP9R0EstY62ki-baQg'],
    );
    expectFlagged('{"auth":"ZGVwbG95OlEzbVpwOXhMMnJUN3ZLcw=="}', [
      'token',
      'ZGVwbG95OlEzbVpwOXhMMnJUN3ZLcw==',
    ]);
  });

  it('are not UUIDs, git SHAs, digests, pod names, ULIDs, typed ids, ids, paths or identifiers', () => {
    expectFlagged('req a3a09f7d-431e-4b42-8279-8d4f30fe3552 commit 91b0929ee6fe90d1128f0fbc52b0e8cf05262bde');
    expectFlagged(
      'trace 4bf92f3577b34da6a3ce929d0e0e4736 pod checkout-7f9db93e3-f6zj9 job 01HRSZ8K3XQ4M7T9VBN2C6DEFG',
    );
    expectFlagged('Request req_8XnLRXSKBwScSEUNYBvO4 for cus_PqL2xR8sT4 in org-Xk2aP9qLm3ZrT8vW1yB4cQ5d');
    expectFlagged(
      '"sid":"SMa3a09f7d431e4b4282798d4f30fe3552" X-Amz-Cf-Id: 2bGz6f1vRZ0Ek8v9xZqL3mPw7TnYc4Hs==',
    );
    expectFlagged('GET /_next/static/Xk2aP9qLm3ZrT8vW1yB4c/_buildManifest.js 404');
    expectFlagged(
      'at jdk.internal.reflect.GeneratedMethodAccessor412.invoke; HttpV2ClientFactory231 Sha256DigestProvider',
    );
  });

  it('are a private key block, but not a certificate', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----';
    expectFlagged(`pasted:\n${key}\nsorry`, ['token', key]);
    expectFlagged(
      '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----',
    );
  });

  it('are any labelled value, whatever its alphabet', () => {
    fc.assert(
      fc.property(randomString(B64URL, 4, 80), (value) => {
        fc.pre(!/^(.)\1*$/.test(value));
        expect(flagged(`export API_TOKEN=${value}\n`)).toEqual([['token', value]]);
      }),
      { seed: SEED },
    );
  });

  it('are at least 95% of unlabelled random base64url strings of 20 to 64 characters', () => {
    const values = fc.sample(fc.noBias(randomString(B64URL, 20, 64)), { seed: SEED, numRuns: 2000 });
    const found = values.filter((value) => {
      const findings = flagged(`the key is ${value} ok`);
      return findings.length === 1 && findings[0]![1] === value;
    });
    console.log(`unlabelled random strings found: ${found.length} of ${values.length}`);
    expect(found.length / values.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('payment card numbers', () => {
  it('are Luhn-valid numbers of a card network, unbroken or grouped as printed', () => {
    expectFlagged('"number":"4111111111111111"', ['card', '4111111111111111']);
    expectFlagged('read out 5555 5555 5555 4444 over chat', ['card', '5555 5555 5555 4444']);
    expectFlagged('card 3782-822463-10005 exp 04/26', ['card', '3782-822463-10005']);
    expectFlagged("VALUES (90412, '6011111111111117')", ['card', '6011111111111117']);
    expectFlagged(
      'jcb 3530111333300000, diners 30569309025904, mc 2223003122003222',
      ['card', '3530111333300000'],
      ['card', '30569309025904'],
      ['card', '2223003122003222'],
    );
  });

  it('are not numbers that fail Luhn, belong to no network, or are grouped like something else', () => {
    expectFlagged('checksum 4111111111111112, psp 8816312345678901, batch 2024031200017');
    expectFlagged('lastSeen=1710209433123 offset=88412395123 dd.trace_id=4532015112830366421');
    expectFlagged('4111 1111-1111 1111 and 41 1111 1111 1111 11 and 1.4111111111111111');
  });

  it('are every Luhn-valid Visa number, and none with a digit changed', () => {
    const visa = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }).map((digits) => {
      const body = `4${digits.join('')}`;
      for (let check = 0; check <= 9; check++) if (luhnValid(`${body}${check}`)) return `${body}${check}`;
      throw new Error('unreachable: one check digit always fits');
    });
    fc.assert(
      fc.property(visa, fc.integer({ min: 1, max: 15 }), (number, at) => {
        expect(flagged(`card ${number} declined`)).toEqual([['card', number]]);
        const changed = number.slice(0, at) + ((Number(number[at]) + 1) % 10) + number.slice(at + 1);
        expect(flagged(`card ${changed} declined`)).toEqual([]);
      }),
      { seed: SEED },
    );
  });
});

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (const [i, char] of [...digits].reverse().entries()) {
    const doubled = Number(char) * (i % 2 === 1 ? 2 : 1);
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}

describe('phone numbers', () => {
  it('are international, North American and national numbers as people write them', () => {
    expectFlagged(
      'Caller +44 20 7946 0958, back on 07700 900123',
      ['phone', '+44 20 7946 0958'],
      ['phone', '07700 900123'],
    );
    expectFlagged(
      'lead +1 (415) 555-0132, backup (415) 555-0178',
      ['phone', '+1 (415) 555-0132'],
      ['phone', '(415) 555-0178'],
    );
    expectFlagged(
      'vendor 1-800-555-0199 or 212.555.0147',
      ['phone', '1-800-555-0199'],
      ['phone', '212.555.0147'],
    );
    expectFlagged(
      '{"to":"+14155550123"} Chloé +33 1 23 45 67 89',
      ['phone', '+14155550123'],
      ['phone', '+33 1 23 45 67 89'],
    );
    expectFlagged('Lukas +49 (0)30 901820 (Berlin)', ['phone', '+49 (0)30 901820']);
  });

  it('are not timestamps, durations, counts, epoch millis, order ids or time zones', () => {
    expectFlagged('2024-03-12 02:10:33.118 +0000 took=1843ms retry 2/3 after 250 ms (timeout 30000 ms)');
    expectFlagged('Processed 1 048 576 events in 12 345 ms; offsets 0 1284412 1284413; 1710209433123');
    expectFlagged('order ORD-2024-558812, invoice INV-020-7946-0958, ticket 00481233, MTTR 01:42:10');
    expectFlagged('not NANP: 123-456-7890, 415-055-0132, 415-555.0132; +12 3');
  });
});

describe('findSecrets', () => {
  it('never reports a placeholder, even where a value is expected', () => {
    expectFlagged(
      'password=<token-1> "token": "<token-2>" Bearer <jwt-1> postgres://app:<token-3>@db <email-1> <ip-1>:8080 <phone-1>',
    );
  });

  it('resolves overlapping detections to the most specific kind', () => {
    expectFlagged('GITHUB_TOKEN=ghp_8LpefcsBAyiPutwRFcoM3zcCvPRV8I13Zkes', [
      'token',
      'ghp_8LpefcsBAyiPutwRFcoM3zcCvPRV8I13Zkes',
    ]);
    expectFlagged('https://oauth2:glpat-r5HrpcYUd3jza6TBKoS7@gitlab.example.com/x.git', [
      'token',
      'glpat-r5HrpcYUd3jza6TBKoS7',
    ]);
    expectFlagged('on ::ffff:10.0.0.5 port 22', ['ip', '::ffff:10.0.0.5']);
  });

  it('returns findings sorted, non-overlapping and equal to the text they cover', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALL_SAMPLES.map((sample) => sample.text)), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom(' ', '\n', '', ','),
        (texts, separator) => {
          const text = texts.join(separator);
          const findings = findSecrets(text);
          for (const [i, finding] of findings.entries()) {
            expect(text.slice(finding.start, finding.end)).toBe(finding.value);
            expect(finding.end).toBeGreaterThan(finding.start);
            if (i > 0) expect(finding.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('finds nothing in generated benign log values', () => {
    const hex = (length: number) => randomString('0123456789abcdef', length, length);
    const benign = fc.oneof(
      fc.uuid(),
      hex(40),
      hex(64).map((digest) => `sha256:${digest}`),
      fc
        .tuple(hex(9), randomString('bcdfghjklmnpqrstvwxz2456789', 5, 5))
        .map(([a, b]) => `checkout-${a}-${b}`),
      fc
        .date({ noInvalidDate: true, min: new Date(2000, 0), max: new Date(2100, 0) })
        .map((date) => date.toISOString()),
      fc
        .date({ noInvalidDate: true, min: new Date(2000, 0), max: new Date(2100, 0) })
        .map((date) => String(date.getTime())),
      fc
        .tuple(fc.nat(30), fc.nat(60), fc.nat(60))
        .map(([h, m, s]) => `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`),
      fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map(([a, b, c]) => `v${a}.${b}.${c}`),
      fc.nat(999_999_999).map((n) => `took ${n}ms, ${n} rows, order ${n}`),
      fc
        .constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 429, 500, 502, 503, 504)
        .map((code) => `HTTP/1.1 ${code}`),
      hex(6).map((colour) => `color: #${colour};`),
      fc.nat(9999).map((line) => `at com.acme.checkout.PaymentService.charge(PaymentService.java:${line})`),
    );
    fc.assert(
      fc.property(benign, (value) => {
        expect(flagged(value)).toEqual([]);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('stays linear on adversarial 20,000-character inputs', () => {
    const fill = (unit: string) => unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
    const inputs = {
      'a@a@': fill('a@'),
      'a.a.': fill('a.'),
      aaaa: fill('a'),
      '1.1.1.1.': fill('1.'),
      eyJeyJ: fill('eyJ'),
      'eyJ.eyJ.': fill('eyJ.'),
      '1 1 1 ': fill('1 '),
      '4-4-4-': fill('4-'),
      '+1 +1 ': fill('+1 '),
      '0 0 0 ': fill('0 '),
      'a:a:': fill('a:'),
      '::1::1': fill('::1'),
      'a=a=': fill('a='),
      'a:"a:"': fill('a:"'),
      'password=': fill('password='),
      'x://x://': fill('x://'),
      'a:b@a:b@': fill('a:b@'),
      'Bearer ': fill('Bearer '),
      'a%40a%40': fill('a%40'),
      'aB3/aB3/': fill('aB3/'),
      '(415) ': fill('(415) '),
      'log excerpt': fill(ALL_SAMPLES.map((sample) => sample.text).join('\n')),
    };
    const rows = Object.entries(inputs).map(([name, text]) => {
      const started = performance.now();
      findSecrets(text);
      return { input: name, ms: Math.round((performance.now() - started) * 10) / 10 };
    });
    console.table(rows);
    // Catastrophic backtracking takes seconds to hours on 20,000 characters; a linear scan takes
    // milliseconds, even on a loaded machine.
    for (const { input, ms } of rows) expect(ms, input).toBeLessThan(2_000);
  });
});

describe('redactTexts', () => {
  it('gives one value one placeholder across the texts of a card, numbered per kind in order of first appearance', () => {
    const { texts, replaced } = redactTexts([
      'alice@example.com paged bob@example.com from 10.0.0.5',
      'bob@example.com replied; alice@example.com again from 10.0.0.6',
    ]);
    expect(texts).toEqual([
      '<email-1> paged <email-2> from <ip-1>',
      '<email-2> replied; <email-1> again from <ip-2>',
    ]);
    expect(replaced).toEqual([
      { kind: 'email', value: 'alice@example.com', placeholder: '<email-1>' },
      { kind: 'email', value: 'bob@example.com', placeholder: '<email-2>' },
      { kind: 'ip', value: '10.0.0.5', placeholder: '<ip-1>' },
      { kind: 'ip', value: '10.0.0.6', placeholder: '<ip-2>' },
    ]);
  });

  it('continues numbering after placeholders already in any text of the card', () => {
    const { texts } = redactTexts([
      '<email-1> wrote to carol@example.com',
      'earlier: <email-3>, <ip-2> and <token-1>',
      'from 10.0.0.7',
    ]);
    expect(texts).toEqual([
      '<email-1> wrote to <email-4>',
      'earlier: <email-3>, <ip-2> and <token-1>',
      'from <ip-3>',
    ]);
  });

  it('leaves kept values as they are without using up a number', () => {
    const { texts, replaced } = redactTexts(
      ['support@acme-shop.com asked alice@example.com; 203.0.113.9 and 10.0.0.5'],
      (value) => value === 'support@acme-shop.com' || value === '203.0.113.9',
    );
    expect(texts).toEqual(['support@acme-shop.com asked <email-1>; 203.0.113.9 and <ip-1>']);
    expect(replaced.map((entry) => entry.value)).toEqual(['alice@example.com', '10.0.0.5']);
  });

  it('replaces a JWT in a bearer header once, as a JWT', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEiLCJpYXQiOjE3MTAyMDk0MzN9.9EqPdTWMgM7to2FxqSfYO8SnkXdivW3k4OPIZ7x93_Y';
    expect(redactTexts([`Authorization: Bearer ${jwt}`]).texts).toEqual(['Authorization: Bearer <jwt-1>']);
  });

  it('changes nothing on a second pass', () => {
    const once = redactTexts(ALL_SAMPLES.map((sample) => sample.text));
    const twice = redactTexts(once.texts);
    expect(twice.texts).toEqual(once.texts);
    expect(twice.replaced).toEqual([]);
  });

  it('leaves nothing to find in any sample but the values it was told to keep', () => {
    for (const [i, sample] of ALL_SAMPLES.entries()) {
      const values = findSecrets(sample.text).map((finding) => finding.value);
      const kept = new Set(values.filter((_, j) => (i + j) % 2 === 0));
      const { texts } = redactTexts([sample.text], (value) => kept.has(value));
      expect(
        findSecrets(texts[0]!).map((finding) => finding.value),
        sample.text,
      ).toEqual(values.filter((value) => kept.has(value)));
    }
  });

  it('names every kind for the UI', () => {
    for (const kind of SECRET_KINDS) expect(SECRET_KIND_NAMES[kind]).toMatch(/^[\w -]{3,}$/i);
  });
});

interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** Scores `detect` against the samples: per kind and overall, a finding counts when its kind and value are expected. */
function score(
  samples: readonly Sample[],
  detect: (text: string) => Finding[],
): Record<SecretKind | 'all', Tally> {
  const tallies = Object.fromEntries(
    [...SECRET_KINDS, 'all'].map((kind) => [
      kind,
      { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
    ]),
  ) as Record<SecretKind | 'all', Tally>;
  for (const sample of samples) {
    const expected = new Set(sample.expected.map(([kind, value]) => `${kind}\n${value}`));
    const found = new Set(detect(sample.text).map(({ kind, value }) => `${kind}\n${value}`));
    for (const key of new Set([...expected, ...found])) {
      const kind = key.slice(0, key.indexOf('\n')) as SecretKind;
      const field = !found.has(key)
        ? 'falseNegatives'
        : expected.has(key)
          ? 'truePositives'
          : 'falsePositives';
      tallies[kind][field]++;
      tallies.all[field]++;
    }
  }
  return tallies;
}

const precision = ({ truePositives, falsePositives }: Tally) =>
  truePositives / (truePositives + falsePositives);
const recall = ({ truePositives, falseNegatives }: Tally) => truePositives / (truePositives + falseNegatives);

/** A precision/recall table, one row per kind and one for all. */
function formatTable(tallies: Record<SecretKind | 'all', Tally>): string {
  const percent = (ratio: number) => (Number.isNaN(ratio) ? '—' : `${(ratio * 100).toFixed(1)}%`);
  const rows = ([...SECRET_KINDS, 'all'] as const).map((kind) => {
    const tally = tallies[kind];
    const counts = [tally.truePositives, tally.falsePositives, tally.falseNegatives].map((n) =>
      String(n).padStart(3),
    );
    return `${kind.padEnd(8)} ${counts.join(' ')}  ${percent(precision(tally)).padStart(9)}  ${percent(recall(tally)).padStart(6)}`;
  });
  return ['kind      TP  FP  FN  precision  recall', ...rows].join('\n');
}

describe('the sample suite', () => {
  it('has at least 80 samples of real-looking evidence, many of them benign', () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(80);
    expect(SAMPLES.filter((sample) => sample.expected.length === 0).length).toBeGreaterThanOrEqual(25);
  });

  it('scores what detectors find, not what they are said to find', () => {
    const expectedCount = new Set(
      ALL_SAMPLES.flatMap((sample, i) => sample.expected.map(([kind, value]) => `${i}\n${kind}\n${value}`)),
    ).size;
    const nothing = score(ALL_SAMPLES, () => []);
    expect(nothing.all).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: expectedCount });
    const oracle = (text: string) =>
      ALL_SAMPLES.find((sample) => sample.text === text)!.expected.map(([kind, value]) => ({
        kind,
        value,
        start: 0,
        end: 0,
      }));
    expect(score(ALL_SAMPLES, oracle).all).toEqual({
      truePositives: expectedCount,
      falsePositives: 0,
      falseNegatives: 0,
    });
    const full = score(ALL_SAMPLES, findSecrets);
    const noEmails = score(ALL_SAMPLES, (text) =>
      findSecrets(text).filter((finding) => finding.kind !== 'email'),
    );
    expect(noEmails.email.truePositives).toBe(0);
    expect(noEmails.all.truePositives).toBe(full.all.truePositives - full.email.truePositives);
    expect(noEmails.all.falseNegatives).toBe(full.all.falseNegatives + full.email.truePositives);
  });

  it('finds at least 95% of the expected values with at least 95% precision', () => {
    const sets = { 'first set': SAMPLES, 'held-out set': HELD_OUT_SAMPLES, 'all samples': ALL_SAMPLES };
    for (const [name, samples] of Object.entries(sets))
      console.log(
        `Redaction, ${name} (${samples.length} samples)\n${formatTable(score(samples, findSecrets))}`,
      );
    const tallies = score(ALL_SAMPLES, findSecrets);
    expect(precision(tallies.all)).toBeGreaterThanOrEqual(0.95);
    expect(recall(tallies.all)).toBeGreaterThanOrEqual(0.95);
  });
});
