import type { AxiosResponse } from 'axios';
import { IntercomApiError, redact, type IntercomErrorDetail } from './intercomError';
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

/** A non-2xx answer as the transport's error, with Intercom's codes and messages, token-free. */
export function errorFromResponse(
	request: RequestInfo,
	response: AxiosResponse<unknown>,
	token: string,
	receivedAtMs: number,
): IntercomApiError {
	const body = (typeof response.data === 'object' && response.data ? response.data : {}) as {
		errors?: unknown;
		request_id?: string;
	};
	const errors: IntercomErrorDetail[] = Array.isArray(body.errors)
		? (body.errors as IntercomErrorDetail[]).map((e) => ({
				code: String(e.code ?? 'unknown'),
				message: e.message ? redact(String(e.message), token) : null,
				field: e.field ?? null,
			}))
		: [{ code: `http_${response.status}`, message: typeof response.data === 'string' ? redact(response.data.slice(0, 200), token) : null }];
	return new IntercomApiError({
		method: request.method,
		path: request.path,
		kind: kindOfStatus(response.status),
		status: response.status,
		errors,
		requestId: body.request_id ?? header(response, 'x-request-id'),
		retryAfterMs: parseRetryAfter(header(response, 'retry-after'), receivedAtMs),
		rateLimit: rateLimitOf(response, receivedAtMs),
		receivedAtMs,
		link: header(response, 'link'),
	});
}

/** Axios errors carry the request headers (and so the token): keep only the code. */
export function errorFromNetwork(request: RequestInfo, error: unknown): IntercomApiError {
	const code = (error as { code?: string })?.code;
	return new IntercomApiError({
		method: request.method,
		path: request.path,
		kind: kindOfNetworkError(code),
		networkCode: code ?? 'ENETWORK',
	});
}
