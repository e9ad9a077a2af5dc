/**
 * Validates sandbox traffic against Intercom's official OpenAPI 3.0.1 description (API 2.16), the
 * MIT-licensed copy in test/fixtures/intercom-openapi (its README gives the source and version), so
 * the contract suites run on any clone.
 *
 * The spec is OpenAPI 3.0, not JSON Schema, so it is converted before ajv sees it:
 * - `nullable: true` becomes `anyOf: [{type: 'null'}, <schema>]` (works with `$ref`/`allOf` siblings too);
 * - `$ref: '#/components/schemas/x'` is rewritten to point into one registered components document;
 * - `example`, `examples`, `x-*`, `discriminator`, `xml`, `externalDocs` are dropped (ajv runs with strict: false,
 *   so any other annotation keyword is ignored as well).
 *
 * LENIENCIES (where the spec disagrees with itself or with the API, see SPEC_LENIENCIES):
 * 1. `nullable: true` next to a `$ref` (e.g. conversation.company, conversation_part.assigned_to, admin_with_app.app,
 *    conversation.ai_agent) is honoured, although OpenAPI 3.0 says `$ref` siblings are ignored. The spec's own
 *    examples send null there.
 * 2. `format: uri` is checked as `uri-reference`: the spec's examples use relative URLs
 *    ("/contacts/{id}/notes") and `addressable_list.type` (format uri) holds words such as "note".
 * 3. Non-standard formats `timestamp` and `int` are accepted without checks; `date-time` on integers is not checked
 *    (ajv applies string formats to strings only), because every Intercom timestamp is Unix seconds.
 * 4. `multiple_filter_search_request.value` is `oneOf: [array of compound, array of single]` in the spec, which
 *    rejects a group mixing a single filter and a nested group (the documented nesting). It is validated as
 *    `array of anyOf[single, compound]`.
 * 5. An error status the operation does not declare (search declares only 200, ShowContact no 404, nothing declares
 *    429 or 5xx) is validated against `#/components/schemas/error`: Intercom documents that any 4xx/5xx may be
 *    returned for any request.
 * 6. `create_conversation_request.from.id` is `format: uuid` with a length of 24, which no value can satisfy: it is a
 *    contact id (24 hex characters, as in the operation's own example), so its format is not checked.
 * Path and query parameters are not validated (createNote types `contact_id` as integer while ids are 24-hex strings).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { RequestLogEntry, RouteKey } from '../../sandbox';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const OPENAPI_PATH = path.resolve(REPO_ROOT, 'test', 'fixtures', 'intercom-openapi', 'api.intercom.io.yaml');

export const SPEC_LENIENCIES = [
	'nullable next to $ref is honoured',
	"format 'uri' is checked as 'uri-reference'",
	"formats 'timestamp' and 'int' are not checked",
	'compound search filters may mix single and nested filters',
	'undeclared 4xx/5xx responses are checked against #/components/schemas/error',
	"create_conversation_request.from.id (a contact id) is not checked as 'uuid'",
] as const;

/** Sandbox route → [lower-case method, spec path template]. */
export const SPEC_OPERATION_BY_ROUTE: Record<RouteKey, readonly [string, string]> = {
	'GET /me': ['get', '/me'],
	'GET /admins': ['get', '/admins'],
	'GET /teams': ['get', '/teams'],
	'GET /tags': ['get', '/tags'],
	'POST /tags': ['post', '/tags'],
	'GET /conversations': ['get', '/conversations'],
	'POST /conversations/search': ['post', '/conversations/search'],
	'GET /conversations/{id}': ['get', '/conversations/{conversation_id}'],
	'PUT /conversations/{id}': ['put', '/conversations/{conversation_id}'],
	'POST /conversations/{id}/parts': ['post', '/conversations/{conversation_id}/parts'],
	'POST /conversations/{id}/reply': ['post', '/conversations/{conversation_id}/reply'],
	'POST /conversations/{id}/tags': ['post', '/conversations/{conversation_id}/tags'],
	'DELETE /conversations/{id}/tags/{tag_id}': ['delete', '/conversations/{conversation_id}/tags/{tag_id}'],
	'GET /contacts/{id}': ['get', '/contacts/{contact_id}'],
	'POST /contacts/{id}/notes': ['post', '/contacts/{contact_id}/notes'],
	'GET /contacts/{id}/notes': ['get', '/contacts/{contact_id}/notes'],
	'GET /ticket_types': ['get', '/ticket_types'],
	'GET /ticket_types/{id}': ['get', '/ticket_types/{ticket_type_id}'],
	'GET /ticket_states': ['get', '/ticket_states'],
	'POST /tickets': ['post', '/tickets'],
	'POST /tickets/search': ['post', '/tickets/search'],
	'GET /tickets/{id}': ['get', '/tickets/{ticket_id}'],
	'PUT /tickets/{id}': ['put', '/tickets/{ticket_id}'],
	'POST /tickets/{id}/reply': ['post', '/tickets/{ticket_id}/reply'],
	'POST /tickets/{id}/tags': ['post', '/tickets/{ticket_id}/tags'],
	'DELETE /tickets/{id}/tags/{tag_id}': ['delete', '/tickets/{ticket_id}/tags/{tag_id}'],
	'POST /tickets/{id}/linked_conversations': ['post', '/tickets/{ticket_id}/linked_conversations'],
	'DELETE /tickets/{id}/linked_conversations/{conversation_id}': ['delete', '/tickets/{ticket_id}/linked_conversations/{id}'],
	'POST /conversations/{id}/convert': ['post', '/conversations/{conversation_id}/convert'],
	'GET /macros': ['get', '/macros'],
	'GET /macros/{id}': ['get', '/macros/{id}'],
	'POST /contacts': ['post', '/contacts'],
	'PUT /contacts/{id}': ['put', '/contacts/{contact_id}'],
	'DELETE /contacts/{id}': ['delete', '/contacts/{contact_id}'],
	'POST /contacts/search': ['post', '/contacts/search'],
	'POST /contacts/merge': ['post', '/contacts/merge'],
	'POST /contacts/{id}/archive': ['post', '/contacts/{contact_id}/archive'],
	'POST /contacts/{id}/unarchive': ['post', '/contacts/{contact_id}/unarchive'],
	'POST /contacts/{id}/tags': ['post', '/contacts/{contact_id}/tags'],
	'DELETE /contacts/{id}/tags/{tag_id}': ['delete', '/contacts/{contact_id}/tags/{tag_id}'],
	'POST /contacts/{id}/companies': ['post', '/contacts/{contact_id}/companies'],
	'DELETE /contacts/{id}/companies/{company_id}': ['delete', '/contacts/{contact_id}/companies/{company_id}'],
	'POST /companies': ['post', '/companies'],
	'GET /companies': ['get', '/companies'],
	'GET /companies/{id}': ['get', '/companies/{company_id}'],
	'POST /companies/list': ['post', '/companies/list'],
	'POST /companies/{id}/notes': ['post', '/companies/{company_id}/notes'],
	'GET /companies/{id}/notes': ['get', '/companies/{company_id}/notes'],
	'POST /conversations': ['post', '/conversations'],
	'POST /messages': ['post', '/messages'],
};

/** The spec path template for a sandbox route, e.g. '/conversations/{conversation_id}/parts'. */
export function specPathForRoute(route: RouteKey): string {
	return SPEC_OPERATION_BY_ROUTE[route][1];
}

type Json = Record<string, unknown>;
const SPEC_ID = 'https://intercom.sandbox/openapi-components.json';
const SCHEMA_REF = '#/components/schemas/';
const DROPPED = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'nullable']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OpenAPI 3.0 schema → JSON Schema for ajv (see the header comment). */
export function toJsonSchema(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(toJsonSchema);
	if (!isObject(node)) return node;
	const out: Json = {};
	for (const [key, value] of Object.entries(node)) {
		if (DROPPED.has(key) || key.startsWith('x-')) continue;
		if (key === '$ref' && typeof value === 'string') {
			out.$ref = value.startsWith(SCHEMA_REF) ? SPEC_ID + value : value;
		} else if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
			out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]));
		} else {
			out[key] = toJsonSchema(value);
		}
	}
	return node.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

interface Spec {
	paths: Record<string, Record<string, Json>>;
	components: { schemas: Record<string, Json>; responses?: Record<string, Json> };
}

let loaded: { spec: Spec; ajv: Ajv } | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): { spec: Spec; ajv: Ajv } {
	if (loaded) return loaded;
	const spec = parse(readFileSync(OPENAPI_PATH, 'utf8')) as Spec;
	const schemas: Record<string, unknown> = {};
	for (const [name, schema] of Object.entries(spec.components.schemas)) schemas[name] = toJsonSchema(schema);
	// Leniency 4: a compound filter's value may mix single filters and nested groups.
	schemas.multiple_filter_search_request = toJsonSchema({
		type: 'object',
		properties: {
			operator: { type: 'string', enum: ['AND', 'OR'] },
			value: {
				type: 'array',
				items: {
					anyOf: [
						{ $ref: `${SCHEMA_REF}single_filter_search_request` },
						{ $ref: `${SCHEMA_REF}multiple_filter_search_request` },
					],
				},
			},
		},
	});
	// Leniency 6: a contact id, not a UUID.
	delete ((schemas.create_conversation_request as Json).properties as { from: { properties: { id: Json } } }).from.properties.id.format;
	const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
	addFormats(ajv);
	ajv.addFormat('uri', addFormats.get('uri-reference')); // leniency 2
	ajv.addFormat('timestamp', true); // leniency 3
	ajv.addFormat('int', true);
	ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
	loaded = { spec, ajv };
	return loaded;
}

/** The parsed OpenAPI document (throws when it is missing). */
export function loadSpec(): Spec {
	return load().spec;
}

function compile(key: string, schema: unknown): ValidateFunction {
	let validate = validators.get(key);
	if (!validate) {
		validate = load().ajv.compile(toJsonSchema(schema) as Json);
		validators.set(key, validate);
	}
	return validate;
}

function formatErrors(errors: ErrorObject[] | null | undefined, limit = 15): string[] {
	const out = (errors ?? []).map(
		(e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`,
	);
	return out.length > limit ? [...out.slice(0, limit), `… ${out.length - limit} more`] : out;
}

function operation(method: string, pathTemplate: string): Json | undefined {
	return load().spec.paths[pathTemplate]?.[method.toLowerCase()];
}

function jsonSchemaOf(content: unknown): unknown {
	return isObject(content) && isObject(content['application/json']) ? content['application/json'].schema : undefined;
}

/** Validates a response body; returns readable error strings (empty = valid). */
export function validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[] {
	const op = operation(method, pathTemplate);
	if (!op) return [`the spec has no operation ${method.toUpperCase()} ${pathTemplate}`];
	const responses = (op.responses ?? {}) as Record<string, Json>;
	let response: Json | undefined = responses[String(status)] ?? responses.default;
	if (response && typeof response.$ref === 'string') {
		response = load().spec.components.responses?.[response.$ref.split('/').pop() ?? ''];
	}
	let key = `res ${method} ${pathTemplate} ${status}`;
	let schema = jsonSchemaOf(response?.content);
	if (!response) {
		if (status < 400) return [`status ${status} is not declared for ${method.toUpperCase()} ${pathTemplate}`];
		key = 'res error';
		schema = { $ref: `${SCHEMA_REF}error` }; // leniency 5
	}
	if (schema === undefined) return body === undefined ? [] : [`no JSON body declared for ${status}`];
	const validate = compile(key, schema);
	return validate(body) ? [] : formatErrors(validate.errors);
}

/** Validates a request body against the operation's requestBody schema. */
export function validateRequestBody(method: string, pathTemplate: string, body: unknown): string[] {
	const op = operation(method, pathTemplate);
	if (!op) return [`the spec has no operation ${method.toUpperCase()} ${pathTemplate}`];
	const requestBody = op.requestBody;
	if (!isObject(requestBody)) return body === undefined ? [] : [`${method.toUpperCase()} ${pathTemplate} declares no request body`];
	if (body === undefined) return requestBody.required === true ? ['request body is required'] : [];
	const schema = jsonSchemaOf(requestBody.content);
	if (schema === undefined) return [];
	const validate = compile(`req ${method} ${pathTemplate}`, schema);
	return validate(body) ? [] : formatErrors(validate.errors);
}

/** Validates a route's response by sandbox RouteKey. */
export function validateRouteResponse(route: RouteKey, status: number, body: unknown): string[] {
	const [method, template] = SPEC_OPERATION_BY_ROUTE[route];
	return validateResponse(method, template, status, body);
}

/**
 * Validates the request body of a `sandbox.log` entry (needs the sandbox's default `logBodies: true`).
 * Entries for unknown routes give [].
 */
export function validateLoggedRequest(entry: Pick<RequestLogEntry, 'route' | 'body'>): string[] {
	if (entry.route === 'unknown') return [];
	const [method, template] = SPEC_OPERATION_BY_ROUTE[entry.route];
	return validateRequestBody(method, template, entry.body);
}

/** A suite checked against the spec: always runs (the spec is a fixture of this repository). */
export function describeWithSpec(name: string, fn: () => void): void {
	describe(name, fn);
}
