/**
 * Serves a trigger node's webhook() over real HTTP, the way n8n's webhook server does for a
 * production URL: it keeps the raw body bytes, parses JSON bodies, picks the webhook description by
 * HTTP method, loads the workflow's static data for the request and saves it afterwards when it
 * changed, and answers for the node unless the node answered itself (`noWebhookResponse`).
 *
 * The webhook context below is the only stand-in; everything the node does runs for real.
 *
 * Deliveries (`deliver`, `deliverConcurrently`) and the notifications themselves live in testkit/.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliver, deliverConcurrently, type Delivery, type DeliveryTarget } from '../../testkit/deliveries';
import {
	ObservableObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IObservableObject,
	type IWebhookDescription,
	type IWebhookFunctions,
} from 'n8n-workflow';

export interface HarnessOptions {
	/** Parameter values as the user set them; unset parameters take their defaults from the description. */
	params?: IDataObject;
	/** The credential's fields; `null`: no credential selected on the node. */
	credentials?: IDataObject | null;
	nodeName?: string;
	/** The workflow's id (`getWorkflow().id`); two harnesses with one id act as one workflow. */
	workflowId?: string;
}

export interface WebhookHarness extends DeliveryTarget {
	/** The webhook URL (the same for every method, like n8n's production URL). */
	url: string;
	/** Items of each workflow run the node started, oldest first. */
	runs: INodeExecutionData[][];
	/** What the node logged with `this.logger.warn`. */
	warnings: string[];
	/** `deliver` to this harness, signed with the credential's client secret. */
	deliver(payload: IDataObject, delivery?: Delivery): Promise<Response>;
	/** `deliverConcurrently` to this harness. */
	deliverConcurrently(n: number, payload: IDataObject): Promise<number[]>;
	/** The workflow's static data as n8n would have saved it. */
	savedStaticData(): IDataObject;
	close(): Promise<void>;
}

/** The express methods nodes use on `getResponseObject()`, over a real ServerResponse. */
interface ExpressLikeResponse {
	status(code: number): ExpressLikeResponse;
	send(body?: string | Buffer | object): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
	end(chunk?: string | Buffer): ExpressLikeResponse;
	setHeader(name: string, value: string): ExpressLikeResponse;
	readonly headersSent: boolean;
}

function expressLike(res: ServerResponse): ExpressLikeResponse {
	const wrapper: ExpressLikeResponse = {
		status(code) {
			res.statusCode = code;
			return wrapper;
		},
		send(body) {
			if (body === undefined) return wrapper.end();
			if (typeof body === 'string' || Buffer.isBuffer(body)) {
				if (!res.hasHeader('content-type')) {
					const type = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/octet-stream';
					res.setHeader('content-type', type);
				}
				return wrapper.end(body);
			}
			return wrapper.json(body);
		},
		json(body) {
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
			return wrapper.end(JSON.stringify(body));
		},
		end(chunk) {
			if (!res.writableEnded) res.end(chunk);
			return wrapper;
		},
		setHeader(name, value) {
			res.setHeader(name, value);
			return wrapper;
		},
		get headersSent() {
			return res.headersSent;
		},
	};
	return wrapper;
}

/** n8n-core's returnJsonArray: wraps plain objects as `{ json }`, keeps items that already are. */
function returnJsonArray(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((entry) =>
		entry.json !== undefined && typeof entry.json === 'object'
			? ({ ...entry, json: entry.json } as INodeExecutionData)
			: { json: entry },
	);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** How long saving the workflow's static data takes (n8n: a database update). */
const STATIC_DATA_WRITE_MS = 20;

function defaultsOf(node: INodeType): IDataObject {
	const defaults: IDataObject = {};
	for (const property of node.description.properties) {
		if (property.type !== 'notice') defaults[property.name] = property.default as IDataObject[string];
	}
	return defaults;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	expressLike(res).status(status).json(body);
}

export async function startWebhookHarness(
	node: INodeType,
	options: HarnessOptions = {},
): Promise<WebhookHarness> {
	if (node.webhook === undefined) throw new Error('The node has no webhook() method');
	const webhook = node.webhook;
	const webhookDescriptions: IWebhookDescription[] = node.description.webhooks ?? [];
	const nodeName = options.nodeName ?? node.description.defaults.name ?? node.description.displayName;
	const parameters: IDataObject = { ...defaultsOf(node), ...options.params };
	const nodeDetails: INode = {
		id: 'trigger-node-id',
		name: nodeName,
		type: `n8n-nodes-intercom-conversations.${node.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const runs: INodeExecutionData[][] = [];
	const warnings: string[] = [];
	const logger = {
		error: () => undefined,
		warn: (message: string) => {
			warnings.push(message);
		},
		info: () => undefined,
		debug: () => undefined,
		verbose: () => undefined,
	};
	const workflow = { id: options.workflowId ?? 'harnessWorkflow01', name: 'Webhook harness', active: true };
	let savedStaticData = '{}';

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const description = webhookDescriptions.find((candidate) => candidate.httpMethod === req.method);
		if (description === undefined) {
			sendJson(res, 404, { message: `The requested webhook "${req.method} webhook" is not registered.` });
			return;
		}

		// Like n8n's LiveWebhooks: the workflow is loaded from the database when the request arrives,
		// before its body is read, with its static data observed so that it is saved afterwards only
		// if something set a property on it. Requests arriving together all load the same static data.
		const staticData = ObservableObject.create(JSON.parse(savedStaticData) as IDataObject, undefined, {
			ignoreEmptyOnFirstChild: true,
		}) as IObservableObject;

		const rawBody = await readBody(req);
		let body: unknown = {};
		if (rawBody.length > 0 && (req.headers['content-type'] ?? '').startsWith('application/json')) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				sendJson(res, 422, { message: 'Failed to parse request body' });
				return;
			}
		}
		const request = Object.assign(req, {
			rawBody,
			readRawBody: async () => {},
			body,
		});

		const context = {
			getMode: () => 'webhook',
			getNode: () => nodeDetails,
			getWorkflow: () => workflow,
			logger,
			getWebhookName: () => description.name,
			getRequestObject: () => request,
			getResponseObject: () => expressLike(res),
			getHeaderData: () => req.headers,
			getBodyData: () => body as IDataObject,
			getQueryData: () => ({}),
			getParamsData: () => ({}),
			getNodeParameter: (name: string, fallback?: unknown) => {
				const value = parameters[name];
				if (value !== undefined) return value;
				if (fallback !== undefined) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			},
			getCredentials: async (type: string) => {
				const declared = node.description.credentials?.some((credential) => credential.name === type);
				if (!declared) throw new Error(`Node does not have credentials of type "${type}"`);
				if (options.credentials === null) throw new Error('Node does not have any credentials set');
				return { ...options.credentials };
			},
			getWorkflowStaticData: (type: string) => {
				const key = type === 'node' ? `node:${nodeName}` : 'global';
				if (staticData[key] === undefined) staticData[key] = ObservableObject.create({}, staticData);
				return staticData[key] as IDataObject;
			},
			helpers: { returnJsonArray },
		};

		try {
			// The context is partial: it has what trigger nodes call on IWebhookFunctions.
			const result = await webhook.call(context as unknown as IWebhookFunctions);
			if (staticData.__dataChanged === true) {
				// Saved as n8n saves it: a database write that takes a moment, during which requests
				// that arrive load the static data as it was.
				const changed = JSON.stringify(staticData);
				await new Promise((resolve) => setTimeout(resolve, STATIC_DATA_WRITE_MS));
				savedStaticData = changed;
			}

			if (result.noWebhookResponse === true) {
				if (!res.writableEnded) sendJson(res, 500, { message: 'The node did not answer the request' });
				return;
			}
			if (result.workflowData !== undefined) {
				runs.push(result.workflowData[0] ?? []);
				sendJson(res, 200, { message: 'Workflow was started' });
				return;
			}
			sendJson(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
		} catch (error) {
			sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) });
		}
	}

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.writableEnded) sendJson(res, 500, { message: String(error) });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const secret = typeof options.credentials?.clientSecret === 'string' ? options.credentials.clientSecret : '';
	const target: DeliveryTarget = { url: `http://127.0.0.1:${port}/webhook/trigger-node-id/webhook`, secret };

	return {
		...target,
		runs,
		warnings,
		deliver: async (payload, delivery) => await deliver(target, payload, delivery),
		deliverConcurrently: async (n, payload) => await deliverConcurrently(target, n, payload),
		savedStaticData: () => JSON.parse(savedStaticData) as IDataObject,
		close: async () =>
			await new Promise<void>((resolve, reject) =>
				server.close((error) => (error ? reject(error) : resolve())),
			),
	};
}
