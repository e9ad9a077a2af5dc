import { redact } from './redaction';
import type { RateLimitState } from './types';

export { redact } from './redaction';

/**
 * The transport's error: everything a user needs (status, Intercom's codes and messages,
 * request_id, method and path) and nothing that could leak the access token.
 */
export interface IntercomErrorDetail {
	code: string;
	message?: string | null;
	field?: string | null;
}

/** How a failed attempt may be retried. */
export type FailureKind =
	/** 429: rejected before processing; always safe to retry after the reset. */
	| 'rate-limited'
	/** The request surely never reached Intercom (connection refused, DNS): safe to retry. */
	| 'not-sent'
	/** It may or may not have been applied (timeout, reset after sending, 408, 5xx). */
	| 'ambiguous'
	/** Any other answer (4xx): retrying cannot help. */
	| 'final';

export interface IntercomApiErrorInit {
	method: string;
	path: string;
	kind: FailureKind;
	status?: number;
	errors?: IntercomErrorDetail[];
	requestId?: string;
	networkCode?: string;
	/** `Retry-After`, in milliseconds from `receivedAtMs`. */
	retryAfterMs?: number;
	/** The answer's `X-RateLimit-*` headers. */
	rateLimit?: RateLimitState;
	/** Our clock when the answer arrived. */
	receivedAtMs?: number;
	/** The `Link` header, e.g. `</contacts/{id}>; rel="canonical"` on a 410 `contact_merged`. */
	link?: string;
	/** Replaces the description built from the answer, e.g. to say why the transport gave up. */
	message?: string;
	/** Set when Intercom did not answer within the request's timeout (this many ms). */
	timeoutMs?: number;
	/**
	 * The access token: every text above is redacted against it before it is stored (a gateway
	 * may echo the Authorization header in messages, codes, ids and headers). Not kept.
	 */
	secret?: string;
}

export class IntercomApiError extends Error {
	readonly method: string;
	readonly path: string;
	readonly kind: FailureKind;
	readonly status?: number;
	readonly errors: IntercomErrorDetail[];
	readonly requestId?: string;
	readonly networkCode?: string;
	readonly retryAfterMs?: number;
	readonly rateLimit?: RateLimitState;
	readonly receivedAtMs?: number;
	readonly link?: string;
	readonly timeoutMs?: number;
	attempts = 1;

	constructor(raw: IntercomApiErrorInit) {
		const init = redactInit(raw);
		super(init.message ?? describe(init));
		this.name = 'IntercomApiError';
		this.method = init.method;
		this.path = init.path;
		this.kind = init.kind;
		this.status = init.status;
		this.errors = init.errors ?? [];
		this.requestId = init.requestId;
		this.networkCode = init.networkCode;
		this.retryAfterMs = init.retryAfterMs;
		this.rateLimit = init.rateLimit;
		this.receivedAtMs = init.receivedAtMs;
		this.link = init.link;
		this.timeoutMs = init.timeoutMs;
	}

	/** Intercom's first error code, e.g. `not_found`. */
	get code(): string | undefined {
		return this.errors[0]?.code ?? this.networkCode;
	}

	/** Intercom's own message(s), joined. */
	get intercomMessage(): string | undefined {
		const messages = this.errors.map((e) => e.message).filter((m): m is string => !!m);
		return messages.length ? messages.join('; ') : undefined;
	}

	/** A plain, token-free summary for logs, error details and error items. */
	toJSON(): Record<string, string | number | undefined | IntercomErrorDetail[]> {
		return {
			message: this.message,
			status: this.status,
			code: this.code,
			errors: this.errors.length ? this.errors : undefined,
			request_id: this.requestId,
			method: this.method,
			path: this.path,
			attempts: this.attempts,
		};
	}
}

/** Every text of the error with the token removed (and the token itself dropped). */
function redactInit({ secret, ...init }: IntercomApiErrorInit): Omit<IntercomApiErrorInit, 'secret'> {
	if (!secret) return init;
	const clean = (text: string | undefined) => (text === undefined ? undefined : redact(text, secret));
	return {
		...init,
		method: redact(init.method, secret),
		path: redact(init.path, secret),
		errors: init.errors?.map((e) => ({
			code: redact(e.code, secret),
			message: e.message ? redact(e.message, secret) : e.message,
			field: e.field ? redact(e.field, secret) : e.field,
		})),
		requestId: clean(init.requestId),
		networkCode: clean(init.networkCode),
		link: clean(init.link),
		message: clean(init.message),
	};
}

/** `30 s`, `1.5 s`, `250 ms`. */
export function formatDuration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

function describe(init: IntercomApiErrorInit): string {
	const where = `${init.method} ${init.path}`;
	if (init.status === undefined && init.timeoutMs !== undefined) {
		return `Intercom did not answer within ${formatDuration(init.timeoutMs)} (timeout) on ${where}`;
	}
	if (init.status === undefined) {
		return `Could not reach Intercom (${init.networkCode ?? 'network error'}) on ${where}`;
	}
	const codes = (init.errors ?? []).map((e) => e.code).join(', ');
	const messages = (init.errors ?? [])
		.map((e) => e.message)
		.filter(Boolean)
		.join('; ');
	const parts = [`Intercom answered ${init.status}`];
	if (codes) parts.push(` ${codes}`);
	if (messages) parts.push(`: ${messages}`);
	parts.push(` on ${where}`);
	if (init.requestId) parts.push(` (request_id ${init.requestId})`);
	return parts.join('');
}
