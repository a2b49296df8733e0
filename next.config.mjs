/** @type {import('next').NextConfig} */
const nextConfig = {
  // Yjs must be one module instance per process: bundling it into the server chunks would load it twice
  // beside the copy the custom server uses (Yjs warns, and instanceof checks break).
  serverExternalPackages: ['yjs', 'pino', 'postgres', '@electric-sql/pglite', 'drizzle-orm'],
  reactStrictMode: true,
  poweredByHeader: false,
  // On every response Next serves (pages, API, static files): no framing, no MIME sniffing (an
  // uploaded image is served only as the type it was checked to be), no Referer (a page's URL names
  // a workshop). The pages' nonce-based Content-Security-Policy and HSTS come from proxy.ts.
  headers: async () => [
    {
      source: '/:path*',
      headers: [
        { key: 'X-Frame-Options', value: 'DENY' },
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'no-referrer' },
      ],
    },
  ],
};

export default nextConfig;
