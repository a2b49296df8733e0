/**
 * Fuzz inputs for the HTTP API: every route handler under app/api (found from the file tree), with
 * random methods, path parameters, tokens, content types, query strings and bodies. A request is made
 * in one of two universes of ids and tokens: the one whose state the test snapshots, or a playground;
 * a request that could legitimately change state is always moved to the playground.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseLibraryMarkdown } from '../../server/content/library-markdown';
import { joinWorkshopSchema } from '../../server/contract/http-workshop';
import { addWebhookSchema } from '../../server/contract/notify';
import {
  archiveCardSchema,
  libraryCardSchema,
  libraryFileSchema,
  surveyAnswerSchema,
  teamWorkshopSchema,
  updateActionSchema,
  updateTeamSchema,
} from '../../server/contract/team';
import { refuseUnredacted } from '../../server/model/evidence-redaction';
import { sniffImageType } from '../../server/model/image-type';

/** One route handler file: its URL template (`/api/teams/[id]`) and the methods it exports. */
export interface Route {
  template: string;
  params: string[];
  methods: string[];
}

/** Every route.ts under `root` (app/api). */
export function findRoutes(root: string): Route[] {
  const routes: Route[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === 'route.ts') {
        const template = `/${path.relative(path.dirname(root), dir).split(path.sep).join('/')}`;
        const source = readFileSync(full, 'utf8');
        const methods = [
          ...source.matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g),
        ].map((m) => m[1]!);
        const params = [...template.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
        routes.push({ template, params, methods });
      }
    }
  };
  walk(root);
  return routes.sort((a, b) => a.template.localeCompare(b.template));
}

/** Ids and tokens of one universe; the two universes have the same shape. */
export interface Universe {
  teams: string[];
  workshops: string[];
  cards: string[];
  actions: string[];
  images: string[];
  /** Admin, member, facilitator, participant, join and other-workshop tokens. */
  tokens: string[];
  joinTokens: string[];
}

/** A generated request, before it is placed in a universe. */
export interface HttpInput {
  route: number;
  method: string;
  /** Which of the route's own methods, when `method` is ROUTE. */
  mi: number;
  /** Per path parameter: an index into the universe's ids, or a raw string. */
  params: (number | string)[];
  auth: { k: 'none' } | { k: 'token'; i: number } | { k: 'raw'; header: string };
  contentType: string | null;
  query: string;
  body:
    | { k: 'none' }
    | { k: 'text'; text: string }
    | { k: 'json'; value: unknown; joinToken: number | null }
    | { k: 'bytes'; bytes: Uint8Array; image: boolean }
    | { k: 'huge'; size: number };
  extraHeaders: [string, string][];
}

const methods = fc.oneof(
  { weight: 3, arbitrary: fc.constant('ROUTE') },
  { weight: 2, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') },
);
const rawSegment = fc.oneof(
  fc.constantFrom(
    '%00',
    '..',
    '%2e%2e',
    'a%2Fb',
    '%E0%A4%A',
    '%',
    '%ZZ',
    '__proto__',
    'constructor',
    "'%20or%201%3D1%20--",
    '%F0%9F%92%A5',
    'x'.repeat(300),
    'x'.repeat(5_000),
    'null',
    '-1',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => encodeURIComponent(s) || 'e'),
  fc.string({ unit: fc.constantFrom(...'abcdefABCDEF0123456789_-'.split('')), minLength: 1, maxLength: 24 }),
);
const weird = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 5, 59, 60, 61, 121, 1e308, 0.5),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(61),
    'x'.repeat(121),
    'x'.repeat(2_001),
    '2026-13-45',
    '2026-12-24',
    'monthly',
  ),
  fc.constantFrom('nul\u0000byte', 'Ann\u0000', '\uD800 lone surrogate'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const knownKeys = [
  'name',
  'title',
  'summary',
  'tags',
  'severity',
  'happenedOn',
  'evidence',
  'archived',
  'cardIds',
  'score',
  'surveyKey',
  'status',
  'text',
  'ownerName',
  'dueDate',
  'nextWorkshopAt',
  'recurrence',
  'joinToken',
  'facilitatorName',
  'durationMinutes',
  'reflectionMinutes',
  'scenarios',
  'format',
  'version',
  'cards',
];
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 8 })), weird, { maxKeys: 6 }),
  // Near-valid shapes of each body, with one field wrong now and then.
  fc.record(
    {
      title: fc.oneof(fc.constantFrom('Drill', 'Card'), weird),
      summary: fc.oneof(fc.constant('s'), weird),
      severity: fc.oneof(fc.constantFrom('low', 'critical'), weird),
      tags: fc.oneof(fc.constant(['a']), weird),
      evidence: fc.oneof(fc.constant([{ kind: 'text', label: 'l', body: 'b' }]), weird),
      cardIds: fc.oneof(fc.constant([]), weird),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      score: fc.oneof(fc.integer({ min: 0, max: 6 }), weird),
      surveyKey: fc.oneof(fc.constant('k'.repeat(20)), weird),
    },
    { requiredKeys: [] },
  ),
  fc.record({ name: fc.oneof(fc.constant('Ann'), weird) }, { requiredKeys: [] }),
  fc.record(
    {
      status: fc.oneof(fc.constantFrom('done', 'open'), weird),
      text: weird,
      ownerName: weird,
      dueDate: weird,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      format: fc.oneof(fc.constant('firedrill-library'), weird),
      version: fc.oneof(fc.constant(1), weird),
      cards: weird,
    },
    { requiredKeys: [] },
  ),
);
const pollution = fc.constantFrom(
  '{"__proto__":{"admin":true,"role":"admin"}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"name":"x","__proto__":{"name":"y"}}',
  '{"title":"t","cardIds":[],"__proto__":{"durationMinutes":1}}',
);
/**
 * JSON nested past any sane depth: arrays, objects or both, closed or not, up to 120,000 levels and
 * never over 240 KB, so every one is within MAX_BODY_BYTES and reaches the JSON parser.
 */
const nestedBody = fc
  .record({
    depth: fc.constantFrom(33, 200, 5_000, 20_000, 120_000),
    open: fc.constantFrom('[', '{"a":', '[{"title":', '{"cards":['),
    closed: fc.boolean(),
  })
  .map(({ depth, open, closed }) => {
    const close = [...open].filter((c) => c === '[' || c === '{').map((c) => (c === '[' ? ']' : '}'));
    const levels = Math.min(depth, Math.floor(240_000 / (open.length + close.length)));
    return open.repeat(levels) + (closed ? `1${close.reverse().join('').repeat(levels)}` : '');
  });
const textBody = fc.oneof(
  fc.string({ maxLength: 80 }),
  nestedBody,
  fc.constantFrom('{', '{"a":', '[', 'null', '[]', '"s"', '123', 'true', '\u0000', '\uFEFF{}', '{}garbage'),
  pollution,
  fc
    .array(
      fc.constantFrom('# Title', '## Card', 'tags: a, b', 'severity: high', '- alert: x', '```', 'text'),
      {
        maxLength: 8,
      },
    )
    .map((lines) => lines.join('\n')),
);

/** Every kind of request. */
export const httpInput = (routeCount: number): fc.Arbitrary<HttpInput> =>
  fc.record({
    route: fc.nat(routeCount - 1),
    method: methods,
    mi: fc.nat(3),
    params: fc.array(fc.oneof({ weight: 4, arbitrary: fc.nat(7) }, { weight: 1, arbitrary: rawSegment }), {
      minLength: 2,
      maxLength: 2,
    }),
    auth: fc.oneof(
      { weight: 1, arbitrary: fc.constant({ k: 'none' as const }) },
      { weight: 6, arbitrary: fc.record({ k: fc.constant('token' as const), i: fc.nat(7) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          k: fc.constant('raw' as const),
          header: fc.oneof(
            fc.constantFrom(
              'Bearer',
              'Bearer ',
              'Basic dXNlcjpwYXNz',
              'Bearer a b',
              'bearer x',
              `Bearer ${'t'.repeat(5_000)}`,
            ),
            fc
              .string({ unit: fc.constantFrom(...'abcXYZ019 =+/-_.'.split('')), maxLength: 40 })
              .map((s) => `Bearer ${s}`),
          ),
        }),
      },
    ),
    contentType: fc.oneof(
      fc.constant('application/json'),
      fc.constantFrom(
        null,
        'text/markdown',
        'text/plain',
        'image/png',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        '',
      ),
    ),
    query: fc.oneof(
      fc.constant(''),
      fc.constantFrom(
        '?format=md',
        '?format=json',
        '?format=csv',
        '?format=xml',
        '?archived=1',
        '?archived=true',
      ),
      fc.constantFrom(
        '?participants=-1',
        '?participants=1e9',
        '?participants=NaN',
        '?participants=3',
        '?format=md&format=json',
        '?%zz=1',
      ),
    ),
    body: fc.oneof(
      { weight: 40, arbitrary: fc.constant({ k: 'none' as const }) },
      { weight: 80, arbitrary: fc.record({ k: fc.constant('text' as const), text: textBody }) },
      {
        weight: 160,
        arbitrary: fc.record({
          k: fc.constant('json' as const),
          value: jsonBody,
          joinToken: fc.option(fc.nat(3), { nil: null }),
        }),
      },
      {
        weight: 20,
        arbitrary: fc.record({
          k: fc.constant('bytes' as const),
          bytes: fc.uint8Array({ maxLength: 512 }),
          image: fc.boolean(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ k: fc.constant('huge' as const), size: fc.constantFrom(300_000, 2_200_000) }),
      },
    ),
    extraHeaders: fc.array(
      fc.tuple(
        fc.constantFrom('x-forwarded-host', 'x-forwarded-proto', 'accept', 'origin', 'x-custom'),
        fc.string({ unit: fc.constantFrom(...'abc.:/-<>"'.split('')), maxLength: 30 }),
      ),
      { maxLength: 2 },
    ),
  });

/** A concrete request. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** Whether it could change state if ids and tokens allowed it. */
  mayChange: boolean;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Places `input` in `universe`; `mayChange` says whether a well-formed, authorised request would write. */
export function buildRequest(
  input: HttpInput,
  routes: Route[],
  universe: Universe,
  baseUrl: string,
): HttpRequest {
  const route = routes[input.route]!;
  const method = input.method === 'ROUTE' ? route.methods[input.mi % route.methods.length]! : input.method;
  let url = route.template;
  route.params.forEach((name, i) => {
    const choice = input.params[i] ?? 0;
    let value: string;
    if (typeof choice === 'string') value = choice;
    else {
      const pool =
        name === 'cardId'
          ? universe.cards
          : name === 'actionId'
            ? universe.actions
            : name === 'imageId'
              ? universe.images
              : route.template.startsWith('/api/teams')
                ? universe.teams
                : universe.workshops;
      value = pool[choice % pool.length] ?? `no-${choice}`;
    }
    url = url.replace(`[${name}]`, value);
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of input.extraHeaders) headers[name] = value;
  if (input.auth.k === 'token')
    headers.authorization = `Bearer ${universe.tokens[input.auth.i % universe.tokens.length]}`;
  else if (input.auth.k === 'raw') headers.authorization = input.auth.header;
  if (input.contentType !== null) headers['content-type'] = input.contentType;

  let body: Uint8Array | string | undefined;
  let parsed: unknown;
  let json = false;
  switch (input.body.k) {
    case 'none':
      break;
    case 'text':
      body = input.body.text;
      try {
        parsed = JSON.parse(body);
        json = true;
      } catch {
        // not JSON
      }
      break;
    case 'json': {
      let value = input.body.value;
      if (input.body.joinToken !== null && value && typeof value === 'object' && !Array.isArray(value))
        value = {
          ...value,
          joinToken: universe.joinTokens[input.body.joinToken % universe.joinTokens.length],
        };
      body = JSON.stringify(value);
      parsed = value;
      json = true;
      break;
    }
    case 'bytes':
      body = input.body.image ? Uint8Array.from([...PNG, ...input.body.bytes]) : input.body.bytes;
      break;
    case 'huge':
      body = JSON.stringify({ title: 'h'.repeat(input.body.size) });
      break;
  }
  if (method === 'GET' || method === 'HEAD') body = undefined;

  const template = route.template;
  const valid = (schema: { safeParse(v: unknown): { success: boolean } }) =>
    json && schema.safeParse(parsed).success;
  let mayChange = false;
  if (method === 'POST' && template === '/api/workshops/[id]/participants')
    mayChange = valid(joinWorkshopSchema);
  else if (method === 'PATCH' && template === '/api/teams/[id]') mayChange = valid(updateTeamSchema);
  else if (
    (method === 'POST' && template === '/api/teams/[id]/cards') ||
    (method === 'PUT' && template === '/api/teams/[id]/cards/[cardId]')
  )
    mayChange = valid(refuseUnredacted(libraryCardSchema));
  else if (method === 'POST' && template === '/api/teams/[id]/cards/[cardId]/duplicate') mayChange = true;
  else if (method === 'POST' && template === '/api/teams/[id]/starter-deck') mayChange = true;
  else if (method === 'POST' && template === '/api/teams/[id]/cards/[cardId]/archive')
    mayChange = valid(archiveCardSchema);
  else if (method === 'POST' && template === '/api/teams/[id]/images')
    mayChange =
      body !== undefined &&
      sniffImageType(typeof body === 'string' ? new TextEncoder().encode(body) : body) !== undefined;
  else if (method === 'POST' && template === '/api/teams/[id]/library') {
    if ((headers['content-type'] ?? '').includes('markdown')) {
      try {
        parseLibraryMarkdown(
          typeof body === 'string' ? body : new TextDecoder().decode(body ?? new Uint8Array()),
        );
        mayChange = true;
      } catch {
        mayChange = false;
      }
    } else mayChange = valid(refuseUnredacted(libraryFileSchema));
  } else if (method === 'POST' && template === '/api/teams/[id]/workshops')
    mayChange = valid(teamWorkshopSchema);
  else if (method === 'PATCH' && template === '/api/teams/[id]/actions/[actionId]')
    mayChange = valid(updateActionSchema);
  else if (method === 'POST' && template === '/api/teams/[id]/survey') mayChange = valid(surveyAnswerSchema);
  else if (method === 'POST' && template === '/api/teams/[id]/webhooks') mayChange = valid(addWebhookSchema);
  else if (
    (method === 'POST' && template === '/api/teams/[id]/calendar') ||
    (method === 'GET' && template === '/api/teams/[id]/calendar') ||
    template.startsWith('/api/teams/[id]/webhooks/')
  )
    mayChange = true;
  return { method, url: `${baseUrl}${url}${input.query}`, headers, body, mayChange };
}
