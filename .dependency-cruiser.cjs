/**
 * The layering of Firedrill, enforced (`npm run deps`, part of `npm run check` and CI).
 *
 * Arrows run one way, top to bottom:
 *
 *   server/index.ts, server/config.ts
 *   main/                          composition root: the only place that knows every part
 *   transport/  use-cases/  http/  cluster/  notify/  ops/
 *   live/                          the live workshop, behind the ports it declares (live/ports.ts)
 *   access/  persistence/  db/     (persistence and cluster implement live's ports)
 *   content/ → domain/ → model/ → contract/
 *
 * `ALLOWED` below is the whole table: a folder may import only the folders listed for it (and npm or
 * Node modules, except the ones `live/` must not know). Anything else is a violation.
 */
const server = (folder) => `^server/${folder}/`;

/** folder → the folders it may import (itself always included). */
const ALLOWED = {
  contract: [],
  model: ['contract'],
  domain: ['model', 'contract'],
  content: ['domain', 'model', 'contract'],
  db: ['contract'],
  persistence: ['db', 'live', 'domain', 'model', 'contract'],
  access: ['persistence', 'domain', 'model', 'contract'],
  live: ['domain', 'model', 'contract'],
  cluster: ['live', 'persistence', 'db', 'domain', 'model', 'contract', 'ops'],
  notify: ['persistence', 'db', 'content', 'domain', 'model', 'contract', 'ops'],
  ops: ['live', 'persistence', 'domain', 'model', 'contract'],
  transport: ['live', 'access', 'domain', 'model', 'contract', 'ops'],
  'use-cases': ['live', 'access', 'persistence', 'notify', 'content', 'domain', 'model', 'contract', 'ops'],
  http: [
    'use-cases',
    'live',
    'access',
    'persistence',
    'notify',
    'db',
    'content',
    'domain',
    'model',
    'contract',
    'ops',
  ],
};

const pathOf = (folder) => (folder === 'db' ? '^db/' : server(folder));

const folderRules = Object.entries(ALLOWED).map(([folder, below]) => ({
  from: { path: pathOf(folder) },
  to: { path: [folder, ...below].map(pathOf) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, at file level (folder circles are excluded by the ALLOWED table).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'live-knows-no-wires',
      severity: 'error',
      comment: 'The live core speaks to sockets, SQL and Redis only through the ports it declares.',
      from: { path: server('live') },
      to: {
        path: 'node_modules/(socket\\.io|ws|postgres|drizzle-orm|@electric-sql|ioredis|@socket\\.io|pg-boss)/',
      },
    },
    {
      name: 'nothing-imports-the-root',
      severity: 'error',
      comment: 'Only server/index.ts (the process) may import the composition root.',
      from: { pathNot: ['^server/index\\.ts$', '^server/main/', '^tests/', '^bench/', '^scripts/'] },
      to: { path: '^server/main/' },
    },
    {
      name: 'app-pages-import-the-contract-only',
      severity: 'error',
      comment:
        'Pages and components run in the browser: they see the wire contract and the shared document model.',
      from: { path: '^app/', pathNot: '^app/api/' },
      to: { path: '^(server|db)/', pathNot: ['^server/contract/', '^server/model/'] },
    },
    {
      name: 'app-api-calls-use-cases',
      severity: 'error',
      comment:
        'Route handlers parse and answer; they reach the server through http/ (the service locator) and use cases.',
      from: { path: '^app/api/' },
      to: {
        path: '^(server|db)/',
        pathNot: ['^server/(contract|model|http|use-cases|content|access)/'],
      },
    },
  ],
  allowed: [
    // npm packages, Node built-ins and anything outside the layered folders.
    { from: {}, to: { dependencyTypesNot: ['local', 'aliased-tsconfig', 'aliased'] } },
    { from: { pathNot: ['^server/', '^db/'] }, to: {} },
    { from: { path: '^server/(index|config)\\.ts$' }, to: {} },
    { from: { path: server('main') }, to: { pathNot: '^app/' } },
    ...folderRules,
  ],
  allowedSeverity: 'error',
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^\\.next/', '^node_modules/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
