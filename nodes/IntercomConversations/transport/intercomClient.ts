import pRetry from 'p-retry';
import { connectionFor, type Connection } from './connection';
import { IntercomApiError, redact } from './intercomError';
import type { SharedRateLimit } from './limiterRegistry';
import { errorFromNetwork, errorFromResponse, rateLimitOf } from './responses';
import { backoffDelay, DEFAULT_BACKOFF, mayRetry, type BackoffOptions, type RetryMode } from './retryPolicy';
import { abortReason, CancelledError, sleep } from './sleep';
import type { HttpMethod, Logger } from './types';

export type { HttpMethod, Logger } from './types';

export interface IntercomRequest {
	method: HttpMethod;
	/** Path below the base URL, with every id already validated, e.g. `/conversations/123/parts`. */
	path: string;
	body?: object;
	qs?: Record<string, string | number | boolean | undefined>;
	/** Default: `idempotent` for GET, PUT and DELETE; `append` for POST. */
	retry?: RetryMode;
	/**
	 * For `append` writes: after an ambiguous failure, looks for the write on Intercom's side
	 * (`sinceSeconds` = when the first attempt started, minus a small allowance for clock
	 * differences). Returns what the write would have returned if it landed, or undefined.
	 * Without it an ambiguous failure of an `append` write is not retried.
	 */
	readBack?: (client: IntercomClient, sinceSeconds: number) => Promise<unknown>;
	/** Told what the request returned, sent or found by the read-back (e.g. to claim the part it wrote). */
	onSuccess?: (result: unknown) => void;
}

export interface ClientOptions {
	baseUrl: string;
	accessToken: string;
	apiVersion?: string;
	/** Attempts in all, 1 to 10 (default 5). */
	maxAttempts?: number;
	/** Per-request timeout in milliseconds (default 30 s). */
	timeoutMs?: number;
	/** Cancelling the execution stops waiting and retrying at once. */
	signal?: AbortSignal;
	logger?: Logger;
	backoff?: BackoffOptions;
	/** The credential's "Shared Rate Limit": off (this process only, the default) or through Redis. */
	sharedRateLimit?: SharedRateLimit;
}

/** Seconds allowed between our clock and Intercom's when reading back a write. */
const READ_BACK_CLOCK_ALLOWANCE_S = 10;
/** Bottleneck priorities (0 runs first): retries go ahead of first attempts. */
const PRIORITY_FIRST_ATTEMPT = 5;
const PRIORITY_RETRY = 2;
/** With a shared limit, a request stops counting as running this long after its own timeout. */
const EXPIRATION_ALLOWANCE_MS = 30_000;

/**
 * The only code that talks HTTP to Intercom. Every request passes through the workspace's
 * shared rate limiter and is retried according to its idempotency.
 */
export class IntercomClient {
	readonly connection: Connection;
	readonly options: Required<Omit<ClientOptions, 'signal' | 'logger' | 'sharedRateLimit'>> &
		Pick<ClientOptions, 'signal' | 'logger' | 'sharedRateLimit'>;

	constructor(options: ClientOptions) {
		this.connection = connectionFor(options.baseUrl.replace(/\/+$/, ''), options.accessToken, {
			sharedRateLimit: options.sharedRateLimit,
			logger: options.logger,
		});
		this.options = {
			baseUrl: this.connection.baseUrl,
			accessToken: options.accessToken,
			apiVersion: options.apiVersion ?? '2.16',
			maxAttempts: clamp(Math.floor(options.maxAttempts ?? 5), 1, 10, 5),
			timeoutMs: options.timeoutMs ?? 30_000,
			backoff: options.backoff ?? DEFAULT_BACKOFF,
			signal: options.signal,
			logger: options.logger,
			sharedRateLimit: options.sharedRateLimit,
		};
	}

	/** The same workspace with other per-call options (attempts, timeout, signal). */
	with(overrides: Partial<ClientOptions>): IntercomClient {
		return new IntercomClient({ ...this.options, ...overrides });
	}

	async request<T = unknown>(request: IntercomRequest): Promise<T> {
		const mode: RetryMode = request.retry ?? (request.method === 'POST' ? 'append' : 'idempotent');
		const canReadBack = request.readBack !== undefined;
		const { signal, maxAttempts } = this.options;
		const startedAtSeconds = Math.floor(Date.now() / 1000) - READ_BACK_CLOCK_ALLOWANCE_S;
		let mustReadBack = false;
		let failures = 0;

		const attempt = async (attemptNumber: number): Promise<T> => {
			if (mustReadBack && request.readBack) {
				const landed = await request.readBack(this.with({ maxAttempts: 2 }), startedAtSeconds);
				if (landed !== undefined) {
					this.log('debug', `Intercom had applied ${request.method} ${request.path}; not sending it again`);
					request.onSuccess?.(landed);
					return landed as T;
				}
			}
			const result = await this.send<T>(request, attemptNumber > 1 ? PRIORITY_RETRY : PRIORITY_FIRST_ATTEMPT);
			request.onSuccess?.(result);
			return result;
		};
		const retryable = (error: Error): error is IntercomApiError =>
			error instanceof IntercomApiError && mayRetry(error, mode, canReadBack);

		return await pRetry(attempt, {
			retries: maxAttempts - 1,
			minTimeout: 0,
			maxTimeout: 0,
			signal,
			shouldRetry: ({ error }) => retryable(error),
			onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
				if (!(error instanceof IntercomApiError)) return;
				error.attempts = attemptNumber;
				if (error.kind === 'ambiguous' && mode === 'append') mustReadBack = true;
				if (retriesLeft <= 0 || !retryable(error)) return;
				failures++;
				const waitMs = this.waitBefore(error, failures);
				this.log('debug', `${error.message}; retrying in ${waitMs} ms (attempt ${attemptNumber + 1} of ${maxAttempts})`);
				await sleep(waitMs, signal);
			},
		}).catch((error: unknown) => Promise.reject(this.transportError(error, request)));
	}

	/** What a caller of the transport sees: an IntercomApiError, or CancelledError once cancelled. */
	private transportError(error: unknown, request: IntercomRequest): Error {
		if (this.options.signal?.aborted) return abortReason(this.options.signal);
		if (error instanceof IntercomApiError || error instanceof CancelledError) return error;
		const message = error instanceof Error ? error.message : String(error);
		return new IntercomApiError({
			method: request.method,
			path: request.path,
			kind: 'final',
			networkCode: 'EUNEXPECTED',
			errors: [{ code: 'unexpected', message: redact(message, this.options.accessToken) }],
		});
	}

	/** How long to wait before the next attempt; 429s wait in the shared limiter instead. */
	private waitBefore(error: IntercomApiError, failures: number): number {
		if (error.kind === 'rate-limited') {
			this.connection.limiter.holdUntil({
				retryAfterMs: error.retryAfterMs,
				rateLimit: error.rateLimit,
				receivedAtMs: error.receivedAtMs ?? Date.now(),
			});
			return 0;
		}
		return backoffDelay(failures, this.options.backoff);
	}

	/** One HTTP request through the limiter; a non-2xx answer or a network failure throws. */
	private async send<T>(request: IntercomRequest, priority: number): Promise<T> {
		const { limiter, http, pace } = this.connection;
		const { signal, timeoutMs, apiVersion, accessToken } = this.options;
		return await limiter.schedule(async () => {
			const startedAt = Date.now();
			let answer;
			try {
				answer = await http.request<unknown>({
					method: request.method,
					url: request.path,
					params: request.qs,
					data: request.body,
					timeout: timeoutMs,
					signal,
					headers: { 'Intercom-Version': apiVersion },
				});
			} catch (error) {
				if (signal?.aborted) throw abortReason(signal);
				pace.record(Date.now() - startedAt, 'failed');
				throw errorFromNetwork(request, error, timeoutMs);
			}
			const receivedAt = Date.now();
			const rateLimit = rateLimitOf(answer, receivedAt);
			// A success without headers means the server does not announce a limit.
			if (rateLimit || answer.status < 300) limiter.observe(rateLimit);
			if (answer.status >= 200 && answer.status < 300) {
				pace.record(receivedAt - startedAt, 'ok');
				return answer.data as T;
			}
			pace.record(receivedAt - startedAt, answer.status === 429 ? 'throttled' : answer.status >= 500 || answer.status === 408 ? 'failed' : 'ok');
			throw errorFromResponse(request, answer, accessToken, receivedAt);
		}, { priority, signal, expirationMs: timeoutMs + EXPIRATION_ALLOWANCE_MS });
	}

	private log(level: 'debug' | 'warn', message: string): void {
		this.options.logger?.[level](redact(message, this.options.accessToken));
	}
}

function clamp(n: number, min: number, max: number, fallback: number): number {
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
