/** How the pages are served, for the policy. */
export interface PagePolicyOptions {
  /** A fresh random nonce of this response (base64), for Next's own inline and bundled scripts. */
  nonce: string;
  /** `next dev`: React's dev build needs eval for its error overlays; never in production. */
  isDev: boolean;
  /** PUBLIC_URL is https: browsers are told to keep to https (HSTS) and upgrade any http fetch. */
  isHttps: boolean;
}

/**
 * The Content-Security-Policy of every HTML page. Scripts run only with this response's nonce
 * ('strict-dynamic' lets Next's loader add its chunks; no 'unsafe-inline'). Styles: the
 * stylesheets of the build and inline `<style>` Next marks with the nonce; `style` attributes are
 * allowed (style-src-attr 'unsafe-inline') because React renders them on the server (the charts'
 * sizes, the confidence bars), and a style attribute cannot run code. Connections only to this
 * origin (fetch, socket.io, the Yjs WebSocket); images from this origin and the browser's own blob:
 * and data: URLs (a pasted screenshot before upload). No plugins, no <base>, forms post here only,
 * and no page may be framed (frame-ancestors 'none'; X-Frame-Options for older browsers).
 */
export function pagePolicy({ nonce, isDev, isHttps }: PagePolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** HSTS for a year once the public origin is https (includeSubDomains left to the operator's domain). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';
