import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, errorBody } from './errors';
import { FaultController, type FaultTarget } from './faults';
import { RateLimiter, describeWindow } from './rate-limit';
import { gatewayAnswer, reflectError, type ReflectOptions } from './reflect';
import { matchRoute } from './routes';
import { seedWorkspace } from './seed';
import type { SandboxState } from './state';
import type {
	ConversationPart,
	FaultKind,
	FaultSpec,
	LatencyProfile,
	Note,
	RateLimit,
	RequestLogEntry,
	SandboxOptions,
	SandboxStats,
} from './types';

export const DEFAULT_TOKEN = 'sandbox-token';
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 1666, windowMs: 10_000 };
export const DEFAULT_VERSION = '2.16';

export interface Sandbox {
	/** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
	url: string;
	port: number;
	/** The first accepted token. */
	token: string;
	state: SandboxState;
	stats: SandboxStats;
	log: RequestLogEntry[];
	/** Parts created on that conversation through the API (manage and reply; commit-then-* faults included). */
	writesFor(conversationId: string): number;
	partsFor(conversationId: string, partType?: string): ConversationPart[];
	notesForContact(contactId: string): Note[];
	setFaults(route: FaultTarget, faults: FaultSpec | undefined): void;
	failNext(route: FaultTarget, kind: FaultKind, times?: number): void;
	/** Drops every fault (queued and probabilistic). */
	clearFaults(): void;
	setRateLimit(rateLimit: RateLimit | false): void;
	/** Changes the latency from now on (a latency step mid-run). */
	setLatency(latency: number | LatencyProfile): void;
	/** Shifts the sandbox's clock relative to the machine's (a skewed server). */
	setClockOffset(offsetMs: number): void;
	/** Makes reads lag writes by `lagMs` (0: off). */
	setReadLag(lagMs: number): void;
	/**
	 * Rewrites the rate-limit headers of every answer (hostile or broken gateways: a reset in the
	 * past, a limit of 0, `Retry-After: 999999`); undefined restores the real ones.
	 */
	setRateHeaders(rewrite: RateHeaderRewrite | undefined): void;
	/** Echoes the Authorization header into every error answer, as a leaky gateway would (false: off). */
	setReflect(reflect: ReflectOptions | false): void;
	/** Zeroes the counters and empties the log. */
	resetStats(): void;
	close(): Promise<void>;
}

/** Rewrites an answer's rate-limit headers; `allowed`: whether the real limiter let the request through. */
export type RateHeaderRewrite = (
	headers: Record<string, string>,
	context: { allowed: boolean; nowMs: number },
) => Record<string, string>;

const VALID_VERSION = /^(2\.(1[1-6])|preview|unstable)$/i;

const FAULT_RESPONSES: Record<string, [number, string, string]> = {
	'500': [500, 'server_error', 'Server Error'],
	'502': [502, 'server_error', 'Bad Gateway'],
	'503': [503, 'service_unavailable', 'Service Unavailable'],
	'408': [408, 'request_timeout', 'Request Timeout'],
	'429': [429, 'rate_limit_exceeded', 'Exceeded rate limit'],
};

const emptyStats = (): SandboxStats => ({
	requests: 0,
	rateLimited: 0,
	unauthorized: 0,
	faultsInjected: 0,
	inFlight: 0,
	maxInFlight: 0,
	byRoute: {},
	byStatus: {},
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** How long this request takes: a fixed latency, or a draw from the profile. */
function latencyOf(latency: number | LatencyProfile, method: string): number {
	if (typeof latency === 'number') return latency;
	if (latency.writesOnly && method === 'GET') return latency.readMs ?? Math.round(latency.minMs / 3);
	const random = latency.random ?? Math.random;
	if (latency.tailMs !== undefined && random() < (latency.tailRate ?? 0)) return latency.tailMs;
	return Math.round(latency.minMs + random() * (latency.maxMs - latency.minMs));
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseJson(raw: string): Parsed {
	if (raw.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(raw) as unknown };
	} catch {
		return { ok: false };
	}
}

/** Starts a seeded Intercom 2.16 look-alike on 127.0.0.1 (a free port by default). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const tokens = new Set(options.tokens?.length ? options.tokens : [DEFAULT_TOKEN]);
	const seed = typeof options.seed === 'number' ? { conversations: options.seed } : (options.seed ?? {});
	const state = seedWorkspace(seed);
	const limiter = new RateLimiter(options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit);
	const faults = new FaultController();
	const logLimit = options.logLimit ?? 200_000;
	const logBodies = options.logBodies ?? true;
	const hangMs = options.hangMs ?? 120_000;
	let latency: number | LatencyProfile = options.latencyMs ?? 0;
	let readLagMs = options.readLagMs ?? 0;
	let rateHeaders: RateHeaderRewrite | undefined;
	let reflect: ReflectOptions | undefined = options.reflect;
	state.clockOffsetMs = options.clockOffsetMs ?? 0;
	const hanging = new Set<NodeJS.Timeout>();
	const log: RequestLogEntry[] = [];
	const stats = emptyStats();

	const count = (record: Record<string, number>, key: string): void => {
		record[key] = (record[key] ?? 0) + 1;
	};

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = state.nowMs();
		const requestId = randomUUID();
		const method = req.method ?? 'GET';
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const match = matchRoute(method, url.pathname);
		const entry: RequestLogEntry = {
			method,
			path: url.pathname,
			route: match?.key ?? 'unknown',
			status: 0,
			body: undefined,
			at,
			requestId,
		};
		stats.requests++;
		stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
		res.once('close', () => stats.inFlight--);
		count(stats.byRoute, entry.route);
		log.push(entry);
		if (log.length > logLimit) log.shift();

		const versionHeader = req.headers['intercom-version'];
		const requestedVersion = (Array.isArray(versionHeader) ? versionHeader[0] : versionHeader)?.trim();
		const headers: Record<string, string> = {
			Date: new Date(state.nowMs()).toUTCString(),
			'X-Request-Id': requestId,
			'X-Intercom-Version': requestedVersion || DEFAULT_VERSION,
		};
		const sendPayload = (status: number, contentType: string, payload: string): void => {
			entry.status = status;
			count(stats.byStatus, String(status));
			res.writeHead(status, {
				...headers,
				'Content-Type': contentType,
				'Content-Length': String(Buffer.byteLength(payload)),
			});
			res.end(payload);
		};
		const send = (status: number, body: unknown): void =>
			sendPayload(status, 'application/json; charset=utf-8', JSON.stringify(body));
		const sendError = (status: number, code: string, message: string, field?: string): void => {
			if (!reflect) return send(status, errorBody(code, message, requestId, field));
			const echo = reflectError(reflect, req.headers.authorization, { status, code, message, field, requestId }, headers.Link);
			Object.assign(headers, echo.headers);
			sendPayload(status, echo.contentType, echo.payload);
		};
		const destroy = (): void => {
			entry.status = 0;
			req.socket.destroy();
		};

		const parsed = parseJson(await readBody(req));
		if (parsed.ok && logBodies) entry.body = parsed.value;

		const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
		const token = auth?.[1];
		if (!token || !tokens.has(token)) {
			stats.unauthorized++;
			return sendError(401, 'unauthorized', 'Access Token Invalid');
		}
		// Counted on arrival, answered after the latency (as a gateway in front of the API would).
		const rate = limiter.take(token, state.nowMs());
		if (rate) Object.assign(headers, rateHeaders ? rateHeaders({ ...rate.headers }, { allowed: rate.allowed, nowMs: state.nowMs() }) : rate.headers);
		const delay = latencyOf(latency, method);
		if (delay > 0) await sleep(delay);
		if (rate && !rate.allowed) {
			stats.rateLimited++;
			return sendError(429, 'rate_limit_exceeded', `Exceeded rate limit of ${rate.limit} in ${describeWindow(rate.windowMs)}`);
		}
		if (reflect?.answerWith) {
			const answer = gatewayAnswer(reflect.answerWith, requestId);
			return sendError(answer.status, answer.code, answer.message);
		}
		if (requestedVersion !== undefined && !VALID_VERSION.test(requestedVersion)) {
			return sendError(
				400,
				'intercom_version_invalid',
				`Requested Intercom-Version '${requestedVersion}' is not valid; use 2.11 to 2.16, Preview or Unstable`,
			);
		}

		const fault = faults.decide(match?.key);
		if (fault.extraLatencyMs > 0) await sleep(fault.extraLatencyMs);
		if (fault.kind) {
			stats.faultsInjected++;
			entry.fault = fault.kind;
			const canned = FAULT_RESPONSES[fault.kind];
			const retryAfter = canned && faults.retryAfterFor(match?.key);
			if (retryAfter) headers['Retry-After'] = retryAfter;
			if (canned) return sendError(...canned);
			if (fault.kind === 'reset') return destroy();
			if (fault.kind === 'timeout') {
				const timer = setTimeout(() => {
					hanging.delete(timer);
					destroy();
				}, hangMs);
				hanging.add(timer);
				req.socket.once('close', () => {
					clearTimeout(timer);
					hanging.delete(timer);
				});
				return;
			}
		}

		if (!match) return sendError(404, 'not_found', 'Resource Not Found');
		if (!parsed.ok) return sendError(400, 'parameter_invalid', 'Request body is not valid JSON');

		let result: { status: number; body: unknown };
		try {
			result = match.handler({
				state,
				params: match.params,
				query: url.searchParams,
				body: parsed.value,
				version: requestedVersion || DEFAULT_VERSION,
				now: state.nowSeconds(),
				readLagMs,
			});
		} catch (error) {
			if (error instanceof ApiError) {
				if (error.headers) Object.assign(headers, error.headers);
				return sendError(error.status, error.code, error.message, error.field);
			}
			return sendError(500, 'server_error', error instanceof Error ? error.message : 'Server Error');
		}
		if (fault.kind === 'commit-then-500') return sendError(500, 'server_error', 'Server Error');
		if (fault.kind === 'commit-then-reset') return destroy();
		send(result.status, result.body);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch(() => {
			if (!res.headersSent) req.socket.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

	const sandbox: Sandbox = {
		url: `http://${host}:${address.port}`,
		port: address.port,
		token: [...tokens][0],
		state,
		stats,
		log,
		writesFor: (id) => state.apiWrites.get(id) ?? 0,
		partsFor: (id, partType) =>
			(state.conversations.get(id)?.parts ?? []).filter((p) => partType === undefined || p.part_type === partType),
		notesForContact: (id) => [...(state.contactNotes.get(id) ?? [])],
		setFaults: (route, spec) => faults.set(route, spec),
		failNext: (route, kind, times = 1) => faults.queue(route, kind, times),
		clearFaults: () => faults.clear(),
		setRateLimit: (rateLimit) => limiter.set(rateLimit),
		setLatency: (next) => {
			latency = next;
		},
		setClockOffset: (offsetMs) => {
			state.clockOffsetMs = offsetMs;
		},
		setRateHeaders: (rewrite) => {
			rateHeaders = rewrite;
		},
		setReadLag: (lagMs) => {
			readLagMs = Math.max(0, lagMs);
		},
		setReflect: (next) => {
			reflect = next || undefined;
		},
		resetStats: () => {
			// Requests still in flight stay counted (their responses end later).
			Object.assign(stats, emptyStats(), { inFlight: stats.inFlight, maxInFlight: stats.inFlight });
			log.length = 0;
		},
		close: async () => {
			for (const timer of hanging) clearTimeout(timer);
			hanging.clear();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return sandbox;
}
