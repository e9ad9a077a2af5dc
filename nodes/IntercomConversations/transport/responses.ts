import type { AxiosResponse } from 'axios';
import { IntercomApiError, type IntercomErrorDetail } from './intercomError';
import { redactAndTruncate } from './redaction';
import { kindOfNetworkError, kindOfStatus, parseRetryAfter } from './retryPolicy';
import type { RateLimitState } from './types';

/** What the transport reads from Intercom's answers: rate-limit headers, and errors. */

export interface RequestInfo {
	method: string;
	path: string;
}

export function header(response: AxiosResponse<unknown>, name: string): string | undefined {
	const value: unknown = response.headers?.[name];
	return typeof value === 'string' ? value : undefined;
}

/** The `X-RateLimit-*` headers (and Intercom's clock, from `Date`), or undefined when incomplete. */
export function rateLimitOf(response: AxiosResponse<unknown>, receivedAtMs: number): RateLimitState | undefined {
	const [limit, remaining, reset] = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'].map(
		(name) => Number(header(response, name) ?? NaN),
	);
	if (![limit, remaining, reset].every(Number.isFinite)) return undefined;
	const date = Date.parse(header(response, 'date') ?? '');
	return {
		limit,
		remaining,
		resetMs: reset * 1000,
		serverDateMs: Number.isNaN(date) ? undefined : date,
		receivedAtMs,
	};
}

/** How much of a non-JSON error body (an HTML error page, say) the error keeps. */
const BODY_EXCERPT_LENGTH = 200;

/**
 * A non-2xx answer as the transport's error, with Intercom's codes and messages. Every text
 * taken from the answer is redacted against the token (by IntercomApiError, from `secret`),
 * and a non-JSON body is redacted before it is cut to an excerpt.
 */
export function errorFromResponse(
	request: RequestInfo,
	response: AxiosResponse<unknown>,
	token: string,
	receivedAtMs: number,
): IntercomApiError {
	const body = (typeof response.data === 'object' && response.data ? response.data : {}) as {
		errors?: unknown;
		request_id?: unknown;
	};
	const errors: IntercomErrorDetail[] = Array.isArray(body.errors)
		? (body.errors as Array<Partial<Record<keyof IntercomErrorDetail, unknown>>>).map((e) => ({
				code: text(e?.code) ?? 'unknown',
				message: text(e?.message) ?? null,
				field: text(e?.field) ?? null,
			}))
		: [
				{
					code: `http_${response.status}`,
					message: typeof response.data === 'string' ? redactAndTruncate(response.data, token, BODY_EXCERPT_LENGTH) : null,
				},
			];
	return new IntercomApiError({
		method: request.method,
		path: request.path,
		kind: kindOfStatus(response.status),
		status: response.status,
		errors,
		requestId: text(body.request_id) ?? header(response, 'x-request-id'),
		retryAfterMs: parseRetryAfter(header(response, 'retry-after'), receivedAtMs),
		rateLimit: rateLimitOf(response, receivedAtMs),
		receivedAtMs,
		link: header(response, 'link'),
		secret: token,
	});
}

/**
 * Axios's "no answer within `timeout`": ECONNABORTED, or ETIMEDOUT with clarifyTimeoutError
 * (an ETIMEDOUT of the socket's own connect is not our timeout).
 */
function isTimeout(code: string | undefined, error: unknown): boolean {
	if (code === 'ECONNABORTED') return true;
	return code === 'ETIMEDOUT' && /^timeout of \d+ms exceeded/.test(String((error as { message?: unknown })?.message));
}

/**
 * Axios errors carry the request headers (and so the token): keep only the code. A timeout
 * says so, with the timeout that was used.
 */
export function errorFromNetwork(request: RequestInfo, error: unknown, timeoutMs?: number): IntercomApiError {
	const raw = (error as { code?: unknown })?.code;
	// A code is a constant like ECONNRESET; anything else is not shown.
	const code = typeof raw === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(raw) ? raw : undefined;
	return new IntercomApiError({
		method: request.method,
		path: request.path,
		kind: kindOfNetworkError(code),
		networkCode: code ?? 'ENETWORK',
		timeoutMs: isTimeout(code, error) ? timeoutMs : undefined,
	});
}

/** A string or number from the answer as text; anything else as undefined. */
function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}
