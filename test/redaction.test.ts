import { stringify as flatted } from 'flatted';
import { NodeApiError, type INodeExecutionData } from 'n8n-workflow';
import { DEFAULT_RATE_LIMIT } from '../sandbox';
import { HTML_ECHO_OFFSET } from '../sandbox/reflect';
import { IntercomConversations } from '../nodes/IntercomConversations/IntercomConversations.node';
import {
	containsSecret,
	redact,
	redactAndTruncate,
	redactValue,
	REDACTED,
} from '../nodes/IntercomConversations/transport/redaction';
import { runNode, splitErrorOutput, useNodeSandbox, type RunOptions } from '../testkit';
import { everyString, intercomLikeToken, tokenLeaks } from './helpers/tokenLeaks';

const base64 = (data: string | Buffer) => Buffer.from(data).toString('base64');

describe('redaction', () => {
	const token = intercomLikeToken();

	it('removes the token, and any 8 characters of it, wherever they are', () => {
		expect(redact(`Authorization: Bearer ${token}.`, token)).toBe(`Authorization: Bearer ${REDACTED}.`);
		for (let start = 0; start + 8 <= token.length; start += 3) {
			const fragment = token.slice(start, start + 8);
			expect(redact(`id=${fragment}&x`, token)).toBe(`id=${REDACTED}&x`);
		}
		// Seven characters are not a leak (they would match ordinary words too often).
		expect(redact(`id=${token.slice(5, 12)}`, token)).toBe(`id=${token.slice(5, 12)}`);
	});

	it('leaves a text without the token as it is', () => {
		const text = 'Intercom answered 404 not_found: Resource Not Found on GET /conversations/1 (Bearer tokens)';
		expect(redact(text, token)).toBe(text);
		expect(redact('', token)).toBe('');
		expect(redact(text, undefined)).toBe(text);
	});

	it('redacts before cutting, so a token at the cut is not left half visible', () => {
		for (let at = 150; at <= 200; at++) {
			const page = `${'x'.repeat(at)}${token} tail`;
			const excerpt = redactAndTruncate(page, token, 200);
			expect(excerpt).toBe(`${`${'x'.repeat(at)}${REDACTED} tail`.slice(0, 200)}${at + REDACTED.length + 5 > 200 ? '…' : ''}`);
			expect(tokenLeaks(excerpt, token)).toEqual([]);
			// The old order (cut, then redact the whole token) kept what was before the cut.
			expect(page.slice(0, 200).includes(token)).toBe(false);
		}
	});

	it('removes the token URL-encoded, upper and lower case', () => {
		const encoded = encodeURIComponent(`Bearer ${token}`);
		expect(encoded).toMatch(/%2[BF]/);
		for (const form of [encoded, encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), encodeURIComponent(token)]) {
			const clean = redact(`https://gw.example/debug?auth=${form}&x=1`, token);
			expect(tokenLeaks(clean, token)).toEqual([]);
			expect(clean).toContain(REDACTED);
		}
	});

	it('removes the header and the bare token in base64, standard and URL-safe', () => {
		for (const encoded of [base64(`Bearer ${token}`), base64(token)]) {
			for (const form of [encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')]) {
				const clean = redact(`echo=${form};`, token);
				expect(tokenLeaks(clean, token)).toEqual([]);
				expect(clean.length).toBeLessThan(form.length);
			}
		}
	});

	it('finds base64 fragments of the token starting at every offset of any encoded text', () => {
		for (let before = 0; before < 6; before++) {
			for (let after = 0; after < 3; after++) {
				const encoded = base64(Buffer.concat([Buffer.from('{"a":"'.slice(0, before)), Buffer.from(token), Buffer.from('"}'.slice(0, after))]));
				// Characters set by the token's bytes alone: from the first full 6 bits of the token
				// to the last.
				const first = Math.ceil((before * 8) / 6);
				const last = Math.floor(((before + token.length) * 8) / 6);
				for (const variant of [encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_')]) {
					for (let start = first; start + 8 <= last; start++) {
						const fragment = variant.slice(start, start + 8);
						expect({ before, start, found: containsSecret(`x ${fragment} y`, token) }).toEqual({ before, start, found: true });
					}
					expect(tokenLeaks(redact(variant, token), token)).toEqual([]);
				}
			}
		}
	});

	it('redacts every string of a value, keys included', () => {
		const value = { message: `saw ${token}`, nested: [{ [token]: 1, n: 2 }], ok: true, none: null };
		const clean = redactValue(value, token);
		expect(JSON.stringify(clean)).not.toContain(token.slice(0, 8));
		expect(clean).toMatchObject({ ok: true, none: null, nested: [{ n: 2 }] });
	});

	it('scans a megabyte in well under a second per call once the token is known', () => {
		const big = `${'lorem ipsum '.repeat(90_000)}${token}`;
		redact('warm-up', token);
		const started = Date.now();
		const clean = redact(big, token);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(clean.endsWith(REDACTED)).toBe(true);
	});
});

/**
 * A gateway that echoes the Authorization header into every error answer; the node is run
 * through every error path, with Continue (error output) and with Stop, and everything it
 * hands to n8n (items, the error as n8n saves it, log lines) is searched for the token.
 */
describe('a gateway echoing the Authorization header', () => {
	const nodeType = new IntercomConversations();
	// One token per run, so that a rate-limited or rejected token never slows another run.
	const tokens = Array.from({ length: 24 }, () => intercomLikeToken());
	const rejected = intercomLikeToken();
	let nextToken = 0;
	const kit = useNodeSandbox({ seed: 30, tokens, reflect: {} });
	const { sandbox, admin } = kit;
	afterEach(() => {
		sandbox.clearFaults();
		sandbox.setReflect({});
		sandbox.setRateLimit(DEFAULT_RATE_LIMIT);
	});

	const conversation = () => [...sandbox.state.conversations.values()].find((c) => c.state === 'open')!.id;
	const getConversation = (id: string) => ({ resource: 'conversation', operation: 'get', conversationId: { mode: 'id', value: id } });

	interface ErrorPath {
		name: string;
		/** The status the gateway answered. */
		status: number;
		token?: string;
		maxAttempts?: number;
		prepare?: (token: string) => Promise<void> | void;
		parameters: () => Record<string, unknown>;
	}

	const paths: ErrorPath[] = [
		{ name: '401 (a token Intercom does not accept)', status: 401, token: rejected, parameters: () => getConversation(conversation()) },
		{ name: '404', status: 404, parameters: () => getConversation('987654321') },
		{
			name: '410 with a Link header (a merged contact)',
			status: 410,
			prepare: () => {
				const [from, into] = [...sandbox.state.contacts.values()].slice(-2);
				if (from && into && from.id !== into.id) sandbox.state.mergeContact(from.id, into.id);
			},
			parameters: () => ({ resource: 'contact', operation: 'get', contactId: [...sandbox.state.mergedContacts.keys()][0] }),
		},
		{
			name: '422',
			status: 422,
			prepare: () => sandbox.setReflect({ answerWith: 422 }),
			parameters: () => ({ resource: 'conversation', operation: 'close', conversationId: { mode: 'id', value: conversation() }, adminId: admin(), body: '' }),
		},
		{
			name: '429 (the window used up)',
			status: 429,
			prepare: async (token) => {
				sandbox.setRateLimit({ limit: 1, windowMs: 3_600_000 });
				await fetch(`${sandbox.url}/me`, { headers: { Authorization: `Bearer ${token}` } });
			},
			parameters: () => getConversation(conversation()),
		},
		{
			name: '500 in JSON, retried once',
			status: 500,
			maxAttempts: 2,
			prepare: () => sandbox.failNext('GET /conversations/{id}', '500', 2),
			parameters: () => getConversation(conversation()),
		},
		{
			name: '502 as an HTML page, retried once',
			status: 502,
			maxAttempts: 2,
			prepare: () => {
				sandbox.setReflect({ html5xx: true });
				sandbox.failNext('GET /conversations/{id}', '502', 2);
			},
			parameters: () => getConversation(conversation()),
		},
	];

	async function runPath(path: ErrorPath, onError: RunOptions['onError']) {
		const token = path.token ?? tokens[nextToken++];
		await path.prepare?.(token);
		const logs: string[] = [];
		const options: RunOptions = {
			credentials: { ...kit.credentials(), accessToken: token },
			parameters: { ...path.parameters(), options: { maxAttempts: path.maxAttempts ?? 1 } },
			onError,
			logs,
		};
		let items: INodeExecutionData[] = [];
		let thrown: unknown;
		try {
			items = await runNode(nodeType, options);
		} catch (error) {
			thrown = error;
		}
		return { token, items, thrown, logs, answered: sandbox.log.at(-1) };
	}

	/** The error as n8n keeps it: JSON (toJSON), flatted (execution data), and every own property. */
	const serialized = (error: unknown) => {
		const e = error as NodeApiError;
		return [JSON.stringify(e), flatted(e), flatted({ error: e }), e.description, JSON.stringify(e.context), JSON.stringify(e.cause ?? null), JSON.stringify(e.errorResponse ?? null), e.messages?.join('\n'), e.stack, everyString(e)].join('\n');
	};

	it('really echoes the header in messages, codes, ids, Link, X-Request-Id, base64 and URL-encoded', async () => {
		const token = tokens[tokens.length - 1];
		const answer = await fetch(`${sandbox.url}/conversations/987654321`, { headers: { Authorization: `Bearer ${token}` } });
		const body = await answer.text();
		expect(answer.status).toBe(404);
		expect(body).toContain(`Bearer ${token}`);
		expect(JSON.parse(body)).toMatchObject({ request_id: expect.stringContaining(token), errors: [{ code: expect.stringContaining(token) }, {}, {}] });
		expect(body).toContain(base64(`Bearer ${token}`));
		expect(body).toContain(encodeURIComponent(`Bearer ${token}`));
		expect(answer.headers.get('x-request-id')).toContain(token);
		expect(answer.headers.get('link')).toContain(encodeURIComponent(token));
		sandbox.setReflect({ html5xx: true });
		sandbox.failNext('GET /conversations/{id}', '502');
		const page = await (await fetch(`${sandbox.url}/conversations/1`, { headers: { Authorization: `Bearer ${token}` } })).text();
		expect(page.indexOf(token)).toBe(HTML_ECHO_OFFSET);
	});

	describe.each(paths)('$name', (path) => {
		it('Continue (error output): no item, error or log line holds the token', async () => {
			const { token, items, thrown, logs, answered } = await runPath(path, 'continueErrorOutput');
			expect(thrown).toBeUndefined();
			expect(answered?.status).toBe(path.status);
			const { errors } = splitErrorOutput(items);
			expect(errors).toHaveLength(1);
			expect(String(errors[0].json.error)).toMatch(new RegExp(`Intercom answered ${path.status}|was merged into`));
			const text = [JSON.stringify(items), flatted(items), ...items.map((item) => serialized(item.error)), ...logs].join('\n');
			expect(tokenLeaks(text, token)).toEqual([]);
			if ((path.maxAttempts ?? 1) > 1) expect(logs.join('\n')).toMatch(/retrying in/);
		});

		it('Stop: the thrown error, as n8n saves it, and the log lines hold no token', async () => {
			const { token, thrown, logs, answered } = await runPath(path, 'stopWorkflow');
			expect(answered?.status).toBe(path.status);
			expect(thrown).toBeInstanceOf(NodeApiError);
			expect((thrown as NodeApiError).httpCode).toBe(String(path.status));
			expect(tokenLeaks([serialized(thrown), ...logs].join('\n'), token)).toEqual([]);
		});
	});

	it('still reads the canonical contact from a Link header that also held the token', async () => {
		const [merged, into] = [...sandbox.state.mergedContacts.entries()][0] ?? [];
		expect(merged).toBeDefined();
		const { thrown, token } = await runPath({ name: 'link', status: 410, parameters: () => ({ resource: 'contact', operation: 'get', contactId: merged }) }, 'stopWorkflow');
		expect((thrown as Error).message).toBe(`Item 0: contact ${merged} was merged into contact ${into}`);
		expect(tokenLeaks(serialized(thrown), token)).toEqual([]);
	});
});

describe('a request that times out', () => {
	const kit = useNodeSandbox({ seed: 5 });
	const { sandbox, admin } = kit;

	const close = (onError: RunOptions['onError']) => {
		const id = [...sandbox.state.conversations.values()].find((c) => c.state === 'open')!.id;
		sandbox.failNext('POST /conversations/{id}/parts', 'timeout', 1);
		return {
			id,
			run: kit.run({
				parameters: {
					resource: 'conversation',
					operation: 'close',
					conversationId: { mode: 'id', value: id },
					adminId: admin(),
					body: '',
					options: { timeout: 1000, maxAttempts: 1 },
				},
				onError,
			}),
		};
	};

	it('says Intercom did not answer within the Timeout option, not that the server may be offline', async () => {
		const { id, run } = close('stopWorkflow');
		const error = (await run.catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Intercom did not answer within 1 s (timeout) on POST /conversations/${id}/parts`);
		expect(error.description).toMatch(/raise the node's Timeout option \(now 1 s\)/);
		expect(JSON.stringify(error)).not.toMatch(/perhaps the server is offline/i);
		expect(sandbox.log.at(-1)).toMatchObject({ route: 'POST /conversations/{id}/parts', fault: 'timeout' });
	});

	it('puts the same message on the error item under Continue', async () => {
		const { id, run } = close('continueErrorOutput');
		const [item] = await run;
		expect(item.json.error).toBe(`Intercom did not answer within 1 s (timeout) on POST /conversations/${id}/parts`);
		expect(String(item.json.message)).toMatch(/Timeout option/);
	});
});
