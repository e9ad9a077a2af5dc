import { IntercomApiError, IntercomClient, toNodeError } from '../nodes/IntercomConversations/transport';
import type { INode } from 'n8n-workflow';
import { useNodeSandbox } from '../testkit';

const FAST_BACKOFF = { baseMs: 20, capMs: 100 };
const node: INode = { id: 'n', name: 'Intercom Conversations', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };

let tokenCounter = 0;
/** A fresh token per test: each gets its own workspace limiter and its own rate-limit counter. */
const tokens = Array.from({ length: 40 }, (_, i) => `transport-test-token-${i}-abcdef`);

const { sandbox } = useNodeSandbox({ seed: 60, tokens, rateLimit: false });
afterEach(() => {
	sandbox.setFaults('*', undefined);
	sandbox.setRateLimit(false);
});

function client(extra: Partial<ConstructorParameters<typeof IntercomClient>[0]> = {}) {
	return new IntercomClient({
		baseUrl: sandbox.url,
		accessToken: tokens[tokenCounter++],
		backoff: FAST_BACKOFF,
		...extra,
	});
}

function anyConversation(state?: string): string {
	for (const [id, c] of sandbox.state.conversations) if (!state || c.state === state) return id;
	throw new Error(`no ${state} conversation in the seed`);
}

function adminId(): string {
	return String([...sandbox.state.admins.values()][0].id);
}

function closeRequest(conversationId: string) {
	return {
		method: 'POST' as const,
		path: `/conversations/${conversationId}/parts`,
		body: { message_type: 'close', type: 'admin', admin_id: adminId() },
		retry: 'idempotent' as const,
	};
}

describe('the transport', () => {
	it('sends the token, the API version and JSON, and returns the parsed answer', async () => {
		const c = client({ apiVersion: '2.15' });
		const me = await c.request<{ type: string }>({ method: 'GET', path: '/me' });
		expect(me.type).toBe('admin');
		const entry = sandbox.log[sandbox.log.length - 1];
		expect(entry.route).toBe('GET /me');
		expect(entry.status).toBe(200);
	});

	it('waits for the reset after a 429, then succeeds', async () => {
		sandbox.setRateLimit({ limit: 3, windowMs: 2000 });
		const c = client();
		// Another client of the same workspace spends the window's allowance behind our back,
		// early enough in a window that our request meets the 429 (not the next window).
		for (;;) {
			let answer: Response;
			do {
				answer = await fetch(`${sandbox.url}/me`, { headers: { Authorization: `Bearer ${c.options.accessToken}` } });
			} while (answer.headers.get('x-ratelimit-remaining') !== '0' && answer.status === 200);
			const resetMs = Number(answer.headers.get('x-ratelimit-reset')) * 1000;
			if (resetMs - Date.now() > 700) break;
			await new Promise((r) => setTimeout(r, resetMs - Date.now() + 20));
		}
		const before = sandbox.stats.rateLimited;
		const started = Date.now();
		const me = await c.request<{ type: string }>({ method: 'GET', path: '/me' });
		expect(me.type).toBe('admin');
		expect(sandbox.stats.rateLimited - before).toBe(1);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('retries a close that met 5xx answers until it succeeds', async () => {
		const id = anyConversation('open');
		sandbox.failNext('POST /conversations/{id}/parts', '503', 2);
		const requestsBefore = sandbox.stats.byRoute['POST /conversations/{id}/parts'] ?? 0;
		const result = await client().request<{ state: string }>(closeRequest(id));
		expect(result.state).toBe('closed');
		expect((sandbox.stats.byRoute['POST /conversations/{id}/parts'] ?? 0) - requestsBefore).toBe(3);
	});

	it('retries a close after a dropped connection', async () => {
		const id = anyConversation('open');
		sandbox.failNext('POST /conversations/{id}/parts', 'reset', 1);
		const result = await client().request<{ state: string }>(closeRequest(id));
		expect(result.state).toBe('closed');
	});

	it('gives up after 5 failed attempts with an error naming status, code and request_id', async () => {
		const id = anyConversation('open');
		sandbox.failNext('POST /conversations/{id}/parts', '500', 5);
		const error = await client()
			.request(closeRequest(id))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(IntercomApiError);
		const apiError = error as IntercomApiError;
		expect(apiError.status).toBe(500);
		expect(apiError.attempts).toBe(5);
		expect(apiError.requestId).toMatch(/\S+/);
		const nodeError = toNodeError(node, apiError, 3);
		expect(nodeError.message).toContain('500');
		expect(nodeError.message).toContain(apiError.code as string);
		expect(nodeError.message).toContain(apiError.requestId as string);
		expect(nodeError.description).toContain('attempts: 5');
	});

	it('does not retry a 401 and says to check the token', async () => {
		const c = new IntercomClient({ baseUrl: sandbox.url, accessToken: 'wrong-token-123456', backoff: FAST_BACKOFF });
		const before = sandbox.stats.requests;
		const error = (await c.request({ method: 'GET', path: '/me' }).catch((e: unknown) => e)) as IntercomApiError;
		expect(error.status).toBe(401);
		expect(error.code).toBe('unauthorized');
		expect(sandbox.stats.requests - before).toBe(1);
		const nodeError = toNodeError(node, error);
		expect(nodeError.message).toContain('Access Token Invalid');
		expect(nodeError.description).toMatch(/Access Token/);
	});

	it('does not retry other 4xx answers', async () => {
		const before = sandbox.stats.requests;
		const error = (await client()
			.request({ method: 'GET', path: '/conversations/999999999999' })
			.catch((e: unknown) => e)) as IntercomApiError;
		expect(error.status).toBe(404);
		expect(error.code).toBe('not_found');
		expect(sandbox.stats.requests - before).toBe(1);
	});

	it.each(['commit-then-500', 'commit-then-reset'] as const)(
		'writes a note exactly once when Intercom applies it and then fails (%s)',
		async (kind) => {
			const { conversationPartReadBack } = await import('../nodes/IntercomConversations/api/conversations');
			const id = anyConversation();
			const body = `Refund approved (${kind})`;
			sandbox.failNext('POST /conversations/{id}/reply', kind, 1);
			const result = await client().request<{ id: string; conversation_parts: { conversation_parts: Array<{ part_type: string }> } }>({
				method: 'POST',
				path: `/conversations/${id}/reply`,
				body: { message_type: 'note', type: 'admin', admin_id: adminId(), body },
				retry: 'append',
				readBack: conversationPartReadBack(id, ['note'], { adminId: adminId(), body }),
			});
			expect(result.id).toBe(id);
			expect(result.conversation_parts.conversation_parts[0].part_type).toBe('note');
			const notes = sandbox.partsFor(id, 'note').filter((p) => (p.body ?? '').includes(body));
			expect(notes).toHaveLength(1);
		},
	);

	it('sends a note again when the read-back shows it did not land', async () => {
		const { conversationPartReadBack } = await import('../nodes/IntercomConversations/api/conversations');
		const id = anyConversation();
		const body = 'Second try lands';
		sandbox.failNext('POST /conversations/{id}/reply', '503', 1);
		await client().request({
			method: 'POST',
			path: `/conversations/${id}/reply`,
			body: { message_type: 'note', type: 'admin', admin_id: adminId(), body },
			retry: 'append',
			readBack: conversationPartReadBack(id, ['note'], { adminId: adminId(), body }),
		});
		expect(sandbox.partsFor(id, 'note').filter((p) => (p.body ?? '').includes(body))).toHaveLength(1);
	});

	it('never retries an ambiguous failure of a write it cannot read back', async () => {
		const id = anyConversation();
		sandbox.failNext('POST /conversations/{id}/reply', 'commit-then-500', 1);
		const before = sandbox.writesFor(id);
		const error = (await client()
			.request({
				method: 'POST',
				path: `/conversations/${id}/reply`,
				body: { message_type: 'note', type: 'admin', admin_id: adminId(), body: 'no read-back' },
			})
			.catch((e: unknown) => e)) as IntercomApiError;
		expect(error.status).toBe(500);
		expect(sandbox.writesFor(id) - before).toBe(1);
	});

	it('writes a contact note exactly once under commit-then-fail', async () => {
		const { contactNoteReadBack } = await import('../nodes/IntercomConversations/api/contacts');
		const contactId = [...sandbox.state.contacts.values()][0].id;
		const body = 'VIP customer, call back within 24h';
		sandbox.failNext('POST /contacts/{id}/notes', 'commit-then-500', 1);
		const note = await client().request<{ type: string }>({
			method: 'POST',
			path: `/contacts/${contactId}/notes`,
			body: { body, admin_id: adminId() },
			retry: 'append',
			readBack: contactNoteReadBack(contactId, { adminId: adminId(), body }),
		});
		expect(note.type).toBe('note');
		expect(sandbox.notesForContact(contactId).filter((n) => (n.body ?? '').includes(body))).toHaveLength(1);
	});

	it('stops waiting to retry as soon as the execution is cancelled', async () => {
		const id = anyConversation();
		sandbox.failNext('POST /conversations/{id}/parts', '503', 5);
		const controller = new AbortController();
		const c = client({ signal: controller.signal, backoff: { baseMs: 20_000, capMs: 20_000, random: () => 1 } });
		const started = Date.now();
		setTimeout(() => controller.abort(), 300);
		const error = await c.request(closeRequest(id)).catch((e: unknown) => e);
		expect((error as Error).name).toBe('CancelledError');
		expect(Date.now() - started).toBeLessThan(5000);
		sandbox.setFaults('*', undefined);
	});

	it('keeps the access token out of every error and log line', async () => {
		const secret = tokens[tokenCounter];
		const logs: string[] = [];
		const logger = { debug: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) };
		const c = client({ logger });
		const id = anyConversation();
		sandbox.failNext('POST /conversations/{id}/parts', '503', 5);
		const serverError = await c.request(closeRequest(id)).catch((e: unknown) => e);
		const refused = await new IntercomClient({
			baseUrl: 'http://127.0.0.1:1',
			accessToken: secret,
			maxAttempts: 2,
			backoff: FAST_BACKOFF,
			logger,
		})
			.request({ method: 'GET', path: '/me' })
			.catch((e: unknown) => e);
		sandbox.failNext('GET /conversations/{id}', 'timeout', 1);
		const timedOut = await new IntercomClient({ baseUrl: sandbox.url, accessToken: secret, maxAttempts: 1, timeoutMs: 100, logger })
			.request({ method: 'GET', path: `/conversations/${id}` })
			.catch((e: unknown) => e);
		for (const error of [serverError, refused, timedOut]) {
			expect(error).toBeInstanceOf(Error);
			const nodeError = toNodeError(node, error, 0, secret);
			const everything = [
				String(error),
				JSON.stringify(error),
				(error as Error).stack,
				nodeError.message,
				nodeError.description,
				JSON.stringify(nodeError),
				JSON.stringify(nodeError.cause ?? null),
			].join('\n');
			expect(everything).not.toContain(secret);
		}
		expect(logs.length).toBeGreaterThan(0);
		expect(logs.join('\n')).not.toContain(secret);
		expect((refused as IntercomApiError).code).toBe('ECONNREFUSED');
	});
});

describe('the shared rate limiter', () => {
	it('sends 2,000 requests at 200 per 1-second window with no failure and under 1% 429s', async () => {
		sandbox.setRateLimit({ limit: 200, windowMs: 1000 });
		const c = client();
		const before = { rateLimited: sandbox.stats.rateLimited, requests: sandbox.stats.requests };
		let failed = 0;
		let next = 0;
		const worker = async () => {
			while (next < 2000) {
				next++;
				await c.request({ method: 'GET', path: '/me' }).catch(() => failed++);
			}
		};
		const started = Date.now();
		await Promise.all(Array.from({ length: 20 }, worker));
		const elapsed = Date.now() - started;
		const rateLimited = sandbox.stats.rateLimited - before.rateLimited;
		const requests = sandbox.stats.requests - before.requests;
		expect(failed).toBe(0);
		expect(requests - rateLimited).toBe(2000);
		expect(rateLimited).toBeLessThan(20);
		// 10 windows at the limit; generous bound (the speed figure belongs to the benchmark).
		expect(elapsed).toBeLessThan(30_000);
	}, 60_000);

	it('shares one budget between clients of the same workspace', async () => {
		sandbox.setRateLimit({ limit: 50, windowMs: 1000 });
		const token = tokens[tokenCounter++];
		const a = new IntercomClient({ baseUrl: sandbox.url, accessToken: token });
		const b = new IntercomClient({ baseUrl: sandbox.url, accessToken: token, timeoutMs: 10_000 });
		expect(a.connection.limiter).toBe(b.connection.limiter);
		const before = sandbox.stats.rateLimited;
		await Promise.all(
			Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).request({ method: 'GET', path: '/me' })),
		);
		expect(sandbox.stats.rateLimited - before).toBeLessThan(3);
	}, 30_000);
});
