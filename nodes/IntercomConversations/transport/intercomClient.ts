import { connectionFor, type Connection } from './connection';
import { IntercomApiError, redact } from './intercomError';
import type { SharedRateLimit } from './limiter';
import { errorFromNetwork, errorFromResponse, rateLimitOf } from './responses';
import {
	askedWait,
	DEFAULT_BACKOFF,
	describeAsks,
	MAX_HOLD_MS,
	nextStep,
	retryDelay,
	type AskedWait,
	type BackoffOptions,
	type RetryMode,
} from './retryPolicy';
import { MAX_PAUSE_MS, type Passage, type PauseClock } from './outage';
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
	/** The longest a request waits while the workspace is paused by a broad outage (default 120 s). */
	maxPauseMs?: number;
	/** Requests of this client pass a paused workspace (a read-back made by a request that is probing). */
	exemptFromPause?: boolean;
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
			maxPauseMs: options.maxPauseMs ?? MAX_PAUSE_MS,
			exemptFromPause: options.exemptFromPause ?? false,
		};
	}

	/** The same workspace with other per-call options (attempts, timeout, signal). */
	with(overrides: Partial<ClientOptions>): IntercomClient {
		return new IntercomClient({ ...this.options, ...overrides });
	}

	/**
	 * Sends the request and retries it as its idempotency allows, in one loop: pass the
	 * workspace's outage gate (outage.ts) → attempt → classify the failure (retryPolicy.ts) → pay
	 * for the retry from the workspace's retry budget (retryBudget.ts; 429s are free; when it is
	 * spent, the workspace pauses instead of failing the item) → wait (429: the limiter holds
	 * every request of the workspace; otherwise `Retry-After`, else backoff; both at most
	 * MAX_HOLD_MS) → next attempt, which first reads an `append` write back when an earlier attempt
	 * may have landed. A probe's failure during a pause does not use up an attempt.
	 * Cancelling the execution ends any wait at once.
	 */
	async request<T = unknown>(request: IntercomRequest): Promise<T> {
		const mode: RetryMode = request.retry ?? (request.method === 'POST' ? 'append' : 'idempotent');
		const { maxAttempts, signal, backoff } = this.options;
		const { retryBudget: budget, outage } = this.connection;
		const sinceSeconds = Math.floor(Date.now() / 1000) - READ_BACK_CLOCK_ALLOWANCE_S;
		/** Asks for longer than MAX_HOLD_MS, one per attempt that made one. */
		const tooLong: AskedWait[] = [];
		let mustReadBack = false;
		let lastRetryCost = 0;
		let backoffs = 0;
		let lastError: IntercomApiError | undefined;
		let probing = false;
		const waited: PauseClock = {};
		try {
			for (let attempt = 1; ; attempt++) {
				let error: IntercomApiError;
				// Outside the attempt: a pause that lasted too long (or a cancellation) ends the request.
				const passage = await this.pass(waited, lastError, request);
				probing = passage === 'probe';
				try {
					const landed = mustReadBack ? await this.readBack<T>(request, sinceSeconds) : undefined;
					const result: T = landed !== undefined ? landed.result : await this.send<T>(request, attempt > 1 ? PRIORITY_RETRY : PRIORITY_FIRST_ATTEMPT);
					budget.succeeded(lastRetryCost);
					outage.succeeded(passage);
					probing = false;
					request.onSuccess?.(result);
					return result;
				} catch (caught) {
					error = this.failureOf(caught, request);
				}
				error.attempts = attempt;
				lastError = error;

				const step = nextStep(error, mode, request.readBack !== undefined);
				if (step === 'fail') {
					// Intercom answered (a 4xx): it is up, whatever this request's fate.
					if (error.status !== undefined && error.status < 500) {
						outage.succeeded(passage);
						probing = false;
					}
					throw error;
				}
				if (step !== 'hold') outage.failed();
				if (step === 'read-back') mustReadBack = true;
				if (passage === 'probe') {
					// Intercom still fails: the next probe comes later; this item keeps its attempts.
					probing = false;
					outage.probeFailed();
					attempt--;
					continue;
				}
				const asked = askedWait(error);
				if (asked && asked.ms > MAX_HOLD_MS) tooLong.push(asked);
				if (attempt >= maxAttempts) {
					if (tooLong.length < attempt) throw error;
					throw withMessage(error, `Intercom asked to wait ${describeAsks(tooLong)} on every attempt; gave up after ${plural(attempt, 'attempt')} (${error.message})`);
				}
				const cost = budget.costOf(error);
				if (!budget.take(cost)) {
					// Intercom fails broadly: pause the workspace (one probe at a time) rather than fail the item.
					this.log('debug', `${error.message}; Intercom is failing for many requests of this workspace: pausing it, one request probing`);
					outage.pause();
					continue;
				}
				if (cost > 0) lastRetryCost = cost;

				const waitMs = step === 'hold' ? this.hold(error) : retryDelay(error, ++backoffs, backoff);
				this.log('debug', `${error.message}; retrying in ${waitMs} ms (attempt ${attempt + 1} of ${maxAttempts})`);
				// A 429's wait happens in the limiter, which holds the next attempt (and every other request).
				if (step !== 'hold') await sleep(waitMs, signal);
			}
		} finally {
			// Cancelled (or refused) while probing: let another request probe.
			if (probing) outage.probeAbandoned();
		}
	}

	/** Waits at the workspace's outage gate; a wait longer than `maxPauseMs` fails, saying why. */
	private async pass(waited: PauseClock, lastError: IntercomApiError | undefined, request: IntercomRequest): Promise<Passage> {
		const { signal, exemptFromPause, maxPauseMs, accessToken } = this.options;
		if (exemptFromPause) return 'go';
		const passage = await this.connection.outage.pass(waited, signal, maxPauseMs);
		if (passage !== 'gave-up') return passage;
		const base =
			lastError ??
			new IntercomApiError({ method: request.method, path: request.path, kind: 'final', networkCode: 'EPAUSED', secret: accessToken });
		const failing = `Intercom has been failing requests of this workspace for over ${Math.round(maxPauseMs / 1000)} s`;
		throw withMessage(base, `${failing}; gave up waiting for it to recover${lastError ? ` (last answer: ${lastError.message})` : ''}`);
	}

	/**
	 * Looks for an `append` write an earlier attempt may have applied (after the wait, so that
	 * Intercom's reads have had time to see it); what it finds is the request's result.
	 */
	private async readBack<T>(request: IntercomRequest, sinceSeconds: number): Promise<{ result: T } | undefined> {
		const landed = await request.readBack?.(this.with({ maxAttempts: 2, exemptFromPause: true }), sinceSeconds);
		if (landed === undefined) return undefined;
		this.log('debug', `Intercom had applied ${request.method} ${request.path}; not sending it again`);
		return { result: landed as T };
	}

	/** A 429: every request of the workspace waits in the limiter; returns for how long. */
	private hold(error: IntercomApiError): number {
		return this.connection.limiter.holdUntil({
			retryAfterMs: error.retryAfterMs,
			rateLimit: error.rateLimit,
			receivedAtMs: error.receivedAtMs ?? Date.now(),
		});
	}

	/** A failed attempt as an IntercomApiError; a cancellation is thrown as CancelledError instead. */
	private failureOf(error: unknown, request: IntercomRequest): IntercomApiError {
		if (this.options.signal?.aborted) throw abortReason(this.options.signal);
		if (error instanceof CancelledError) throw error;
		if (error instanceof IntercomApiError) return error;
		const message = error instanceof Error ? error.message : String(error);
		return new IntercomApiError({
			method: request.method,
			path: request.path,
			kind: 'final',
			networkCode: 'EUNEXPECTED',
			errors: [{ code: 'unexpected', message: redact(message, this.options.accessToken) }],
		});
	}

	/** One HTTP request through the limiter; a non-2xx answer or a network failure throws. */
	private async send<T>(request: IntercomRequest, priority: number): Promise<T> {
		const { limiter, http, pace } = this.connection;
		const { signal, timeoutMs, apiVersion, accessToken } = this.options;
		return await limiter.schedule(async (ticket) => {
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
			if (rateLimit || answer.status < 300) limiter.observe(rateLimit, ticket);
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

/** The same failure, described differently (e.g. why the transport stopped retrying it). */
function withMessage(error: IntercomApiError, message: string): IntercomApiError {
	const copy = new IntercomApiError({ ...error, message });
	copy.attempts = error.attempts;
	return copy;
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clamp(n: number, min: number, max: number, fallback: number): number {
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
