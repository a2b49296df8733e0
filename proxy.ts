import { randomBytes } from 'node:crypto';
import { type NextRequest, NextResponse } from 'next/server';
import { pagePolicy, STRICT_TRANSPORT_SECURITY } from './server/http/security-headers';
import { getServices } from './server/http/services';

/**
 * Next's proxy (the successor of middleware.ts) runs before every page render: it makes a fresh
 * nonce, puts the policy on the request (Next reads the nonce from it and marks its own scripts and
 * styles with it) and on the response, with HSTS when PUBLIC_URL is https.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = randomBytes(18).toString('base64');
  const isHttps = getServices().publicUrl?.startsWith('https://') ?? false;
  const policy = pagePolicy({ nonce, isDev: process.env.NODE_ENV === 'development', isHttps });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  if (isHttps) response.headers.set('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  return response;
}

/** Pages only: not the API, the build's static files, or router prefetches (which render nothing). */
export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
