import axios, { type AxiosInstance } from 'axios';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { createLimiter, limiterModeKey, limiterModeOf, type LimiterSettings } from './limiter';
import { Pace } from './pace';
import { OutageGate } from './outage';
import { RetryBudget } from './retryBudget';
import type { RequestLimiter } from './types';

/** A workspace's HTTP client and rate limiter, shared by everything in the process that uses it. */
export interface Connection {
	/** Base URL + a hash of the token + the limiter mode: identifies the workspace without holding the token. */
	readonly key: string;
	readonly baseUrl: string;
	readonly http: AxiosInstance;
	readonly limiter: RequestLimiter;
	/** How many requests to keep in flight (shared by every execution's item pool). */
	readonly pace: Pace;
	/** Retries the workspace may still spend (AWS standard retry mode, retryBudget.ts). */
	readonly retryBudget: RetryBudget;
	/** Pauses the workspace's requests while Intercom fails broadly (outage.ts). */
	readonly outage: OutageGate;
	/** Only for redaction: checking that no text we produce contains it. */
	readonly token: string;
}

const connections = new Map<string, Connection>();

/** Sockets per workspace, and so the most requests in flight at once. */
const SOCKETS = 256;

export function workspaceKey(baseUrl: string, token: string): string {
	const digest = createHash('sha256').update(token).digest('hex').slice(0, 16);
	return `${baseUrl}#${digest}`;
}

/**
 * The connection for (base URL, token, limiter mode), created on first use with keep-alive
 * agents. The limiter is the process's own, or one shared with other processes through Redis.
 */
export function connectionFor(baseUrl: string, token: string, settings: LimiterSettings = {}): Connection {
	const workspace = workspaceKey(baseUrl, token);
	const mode = limiterModeOf(settings);
	const key = `${workspace}|${limiterModeKey(mode)}`;
	let connection = connections.get(key);
	if (!connection) {
		const instance = axios.create({
			baseURL: baseUrl,
			headers: {
				Authorization: `Bearer ${token}`,
				Accept: 'application/json',
				'Content-Type': 'application/json',
			},
			httpAgent: new http.Agent({ keepAlive: true, maxSockets: SOCKETS }),
			httpsAgent: new https.Agent({ keepAlive: true, maxSockets: SOCKETS }),
			// Every HTTP answer is a value; only network failures throw.
			validateStatus: () => true,
			maxRedirects: 0,
		});
		const limiter = createLimiter(workspace, mode, settings);
		const pace = new Pace(() => limiter.allowedRate(), { ceiling: SOCKETS });
		connection = { key, baseUrl, http: instance, limiter, pace, retryBudget: new RetryBudget(), outage: new OutageGate(), token };
		connections.set(key, connection);
	}
	return connection;
}
