/** @type {import('next').NextConfig} */
const nextConfig = {
  // Yjs must be one module instance per process: bundling it into the server chunks would load it twice
  // beside the copy the custom server uses (Yjs warns, and instanceof checks break).
  serverExternalPackages: ['yjs', 'pino', 'postgres', '@electric-sql/pglite', 'drizzle-orm'],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
