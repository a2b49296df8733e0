import { ZodError } from 'zod';
import { AppError } from '../access/app-error';
import { jsonRefusal } from '../access/json-refusal';
import { ErrorCode } from '../contract/errors';
import { getServices } from './services';

export { jsonRefusal, MAX_JSON_DEPTH, nulRefusal } from '../access/json-refusal';

/**
 * Reads a request body, stopping as soon as it passes `maxBytes` so an oversized body is never held
 * in memory whole.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const tooLarge = new AppError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `The request body is larger than ${maxBytes} bytes.`,
  );
  if (declared > maxBytes) throw tooLarge;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Reads and parses a JSON body of at most `maxBytes`, refusing deep nesting and NUL characters. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readBody(request, maxBytes);
  if (bytes.byteLength === 0) throw new AppError(ErrorCode.INVALID_JSON, 'The request needs a JSON body.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new AppError(ErrorCode.INVALID_JSON, 'The request body is not valid JSON.');
  }
  const refusal = jsonRefusal(parsed);
  if (refusal) throw refusal;
  return parsed;
}

/** A file download with a proper name and type. */
export function download(body: string | Uint8Array, fileName: string, contentType: string): Response {
  return new Response(body as BodyInit, {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}

/** A JSON response. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

const malformedCodes = new Set<string>([ErrorCode.INVALID_JSON, ErrorCode.PAYLOAD_TOO_LARGE]);

/** Turns any thrown value into the `{ error: { code, message } }` answer; unexpected ones are logged. */
export function errorResponse(error: unknown): Response {
  // Duck-typed, not instanceof: an AppError thrown by code the custom server loaded is a different
  // class object from the one Next bundled into this handler.
  if (error instanceof Error && error.name === 'AppError' && 'toJSON' in error && 'status' in error) {
    const appError = error as AppError;
    // Malformed bodies (bad or deeply nested JSON, oversized) come from a broken or hostile client:
    // warn, one line, no stack. Refusals of well-formed requests are ordinary: info.
    const level = malformedCodes.has(appError.code) ? 'warn' : 'info';
    getServices().log[level](
      { event: 'http.refused', code: appError.code, status: appError.status },
      appError.message,
    );
    const response = json({ error: appError.toJSON() }, appError.status);
    if (appError.retryAfterSeconds) response.headers.set('retry-after', String(appError.retryAfterSeconds));
    return response;
  }
  if (error instanceof ZodError)
    return json({ error: { code: ErrorCode.BAD_REQUEST, message: error.message } }, 400);
  getServices().log.error(
    { event: 'http.error', code: ErrorCode.INTERNAL, err: error },
    'unexpected error in a route handler',
  );
  return json({ error: { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side.' } }, 500);
}

/** The bearer token of a request, if any. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** The origin links should use: PUBLIC_URL when set, else the one the request came in on. */
export function publicOrigin(request: Request): string {
  const configured = getServices().publicUrl;
  if (configured) return configured.replace(/\/$/, '');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
  return host ? `${proto}://${host}` : new URL(request.url).origin;
}

/** Runs a route handler body, mapping errors to JSON answers. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(error);
  }
}
