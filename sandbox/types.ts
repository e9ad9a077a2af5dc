import type { ReflectOptions } from './reflect';

/**
 * Data shapes of the Intercom sandbox. Objects are kept in their Intercom REST API 2.16 wire shape,
 * so a handler only has to clone and (for conversations) attach the part list before answering.
 */

export const ROUTE_KEYS = [
	'GET /me',
	'GET /admins',
	'GET /teams',
	'GET /tags',
	'POST /tags',
	'GET /conversations',
	'POST /conversations/search',
	'GET /conversations/{id}',
	'PUT /conversations/{id}',
	'POST /conversations/{id}/parts',
	'POST /conversations/{id}/reply',
	'POST /conversations/{id}/tags',
	'DELETE /conversations/{id}/tags/{tag_id}',
	'GET /contacts/{id}',
	'POST /contacts/{id}/notes',
	'GET /contacts/{id}/notes',
	'GET /ticket_types',
	'GET /ticket_types/{id}',
	'GET /ticket_states',
	'POST /tickets',
	'POST /tickets/search',
	'GET /tickets/{id}',
	'PUT /tickets/{id}',
	'POST /tickets/{id}/reply',
	'POST /tickets/{id}/tags',
	'DELETE /tickets/{id}/tags/{tag_id}',
	'POST /tickets/{id}/linked_conversations',
	'DELETE /tickets/{id}/linked_conversations/{conversation_id}',
	'POST /conversations/{id}/convert',
	'GET /macros',
	'GET /macros/{id}',
	'POST /contacts',
	'PUT /contacts/{id}',
	'DELETE /contacts/{id}',
	'POST /contacts/search',
	'POST /contacts/merge',
	'POST /contacts/{id}/archive',
	'POST /contacts/{id}/unarchive',
	'POST /contacts/{id}/tags',
	'DELETE /contacts/{id}/tags/{tag_id}',
	'POST /contacts/{id}/companies',
	'DELETE /contacts/{id}/companies/{company_id}',
	'POST /companies',
	'GET /companies',
	'GET /companies/{id}',
	'POST /companies/list',
	'POST /companies/{id}/notes',
	'GET /companies/{id}/notes',
	'POST /conversations',
	'POST /messages',
] as const;

export type RouteKey = (typeof ROUTE_KEYS)[number];

export type ConversationState = 'open' | 'closed' | 'snoozed';
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';

export interface Reference {
	type: string;
	id: string | null;
}

export interface Admin {
	type: 'admin';
	id: string;
	name: string;
	email: string;
	job_title: string;
	away_mode_enabled: boolean;
	away_mode_reassign: boolean;
	away_status_reason_id: number | null;
	has_inbox_seat: boolean;
	team_ids: number[];
	avatar: string | null;
}

export interface Team {
	type: 'team';
	id: string;
	name: string;
	admin_ids: number[];
	admin_priority_level: { primary_admin_ids: number[]; secondary_admin_ids: number[] };
	assignment_limit: number | null;
	distribution_method: string | null;
}

export interface Tag {
	type: 'tag';
	id: string;
	name: string;
}

export interface AppliedTag extends Tag {
	applied_at: number;
	applied_by: { type: 'admin'; id: string };
}

export interface App {
	type: 'app';
	id_code: string;
	name: string;
	region: string;
	timezone: string;
	created_at: number;
	identity_verification: boolean;
}

export interface Contact {
	type: 'contact';
	id: string;
	workspace_id: string;
	external_id: string | null;
	role: 'user' | 'lead';
	email: string;
	email_domain: string;
	phone: string | null;
	name: string | null;
	owner_id: string | null;
	has_hard_bounced: boolean;
	marked_email_as_spam: boolean;
	unsubscribed_from_emails: boolean;
	created_at: number;
	updated_at: number;
	signed_up_at: number | null;
	last_seen_at: number | null;
	last_replied_at: number | null;
	last_contacted_at: number | null;
	last_email_opened_at: number | null;
	last_email_clicked_at: number | null;
	language_override: string | null;
	browser: string | null;
	browser_version: string | null;
	browser_language: string | null;
	os: string | null;
	custom_attributes: Record<string, unknown>;
	avatar: { type: 'avatar'; image_url: string | null } | null;
	location: { type: 'location'; country: string | null; region: string | null; city: string | null };
}

export interface Company {
	type: 'company';
	id: string;
	app_id: string;
	company_id: string;
	name: string;
	plan: { type: 'plan'; id: string; name: string } | Record<string, never>;
	remote_created_at: number;
	created_at: number;
	updated_at: number;
	last_request_at: number;
	size: number;
	website: string;
	industry: string;
	monthly_spend: number;
	session_count: number;
	user_count: number;
	custom_attributes: Record<string, unknown>;
}

export interface CompanyNote {
	type: 'note';
	id: string;
	created_at: number;
	company: { type: 'company'; id: string };
	author: Admin;
	body: string;
}

export interface Note {
	type: 'note';
	id: string;
	created_at: number;
	contact: { type: 'contact'; id: string };
	author: Admin;
	body: string;
}

export interface PartAuthor {
	type: string;
	id: string;
	name: string | null;
	email: string;
}

export interface PartAttachment {
	type: 'upload';
	name: string;
	url: string;
	content_type: string;
}

export interface ConversationPart {
	type: 'conversation_part';
	id: string;
	part_type: string;
	body: string | null;
	created_at: number;
	updated_at: number;
	notified_at: number;
	assigned_to: Reference | null;
	author: PartAuthor;
	attachments: PartAttachment[];
	external_id: string | null;
	redacted: boolean;
	metadata: Record<string, unknown>;
	email_message_metadata: null;
	app_package_code: string | null;
}

export interface ConversationSource {
	type: string;
	id: string;
	delivered_as: string;
	subject: string;
	body: string;
	author: { type: string; id: string; name: string | null; email: string | null };
	attachments: PartAttachment[];
	url: string | null;
	redacted: boolean;
}

/** Only the statistics fields that have happened are present (the schema does not allow null). */
export interface ConversationStatistics {
	type: 'conversation_statistics';
	time_to_assignment?: number;
	time_to_admin_reply?: number;
	time_to_first_close?: number;
	time_to_last_close?: number;
	median_time_to_reply?: number;
	first_contact_reply_at?: number;
	first_assignment_at?: number;
	first_admin_reply_at?: number;
	first_close_at?: number;
	last_assignment_at?: number;
	last_assignment_admin_reply_at?: number;
	last_contact_reply_at?: number;
	last_admin_reply_at?: number;
	last_close_at?: number;
	last_closed_by_id?: string;
	count_reopens: number;
	count_assignments: number;
	count_conversation_parts: number;
}

/** The customer's rating of a closed conversation (`conversation_rating`, 1 to 5). */
export interface ConversationRating {
	rating: number;
	remark: string;
	created_at: number;
	updated_at: number;
	contact: { type: 'contact'; id: string; external_id: string | null };
	teammate: { type: 'admin'; id: string };
}

/** A conversation as stored: the 2.16 object without `conversation_parts`, plus every part in `parts`. */
export interface ConversationRecord {
	type: 'conversation';
	id: string;
	title: string | null;
	created_at: number;
	updated_at: number;
	waiting_since: number | null;
	snoozed_until: number | null;
	open: boolean;
	state: ConversationState;
	read: boolean;
	priority: Priority;
	admin_assignee_id: number;
	team_assignee_id: number;
	tags: { type: 'tag.list'; tags: AppliedTag[] };
	conversation_rating: ConversationRating | null;
	source: ConversationSource;
	contacts: { type: 'contact.list'; contacts: Array<{ type: 'contact'; id: string; external_id: string | null }> };
	teammates: { type: 'admin.list'; teammates: Reference[] };
	custom_attributes: Record<string, unknown>;
	first_contact_reply: { created_at: number; type: string; url: string | null } | null;
	sla_applied: null;
	statistics: ConversationStatistics;
	linked_objects: { type: 'list'; total_count: number; has_more: boolean; data: unknown[] };
	ai_agent_participated: boolean;
	ai_agent: null;
	parts: ConversationPart[];
}

export type FaultKind =
	| '500'
	| '502'
	| '503'
	| '429'
	| '408'
	| 'reset'
	| 'commit-then-500'
	| 'commit-then-reset'
	| 'timeout';

/** Probabilistic faults for a route; each probability is in [0, 1] and they are tried in the listed order. */
export interface FaultSpec {
	/** Extra latency added to each matching request. */
	latencyMs?: number;
	status500?: number;
	status502?: number;
	status503?: number;
	reset?: number;
	/** Probability to apply the request and then fail (see commitThenFailMode). */
	commitThenFail?: number;
	commitThenFailMode?: '500' | 'reset';
	/** Sent as `Retry-After` (e.g. '2', '3600') on the route's injected 429, 408 and 5xx answers, queued ones included. */
	retryAfter?: string;
	/** Source of randomness in [0, 1); default Math.random. */
	random?: () => number;
}

/**
 * A latency distribution: uniform in [minMs, maxMs], with a share `tailRate` of requests taking `tailMs`
 * instead. `writesOnly`: GET requests answer in `readMs` (default minMs / 3).
 */
export interface LatencyProfile {
	minMs: number;
	maxMs: number;
	tailMs?: number;
	tailRate?: number;
	writesOnly?: boolean;
	readMs?: number;
	/** Source of randomness in [0, 1); default Math.random. */
	random?: () => number;
}

export interface RateLimit {
	limit: number;
	windowMs: number;
}

export interface SeedOptions {
	/** Number of conversations, default 50. */
	conversations?: number;
	/** PRNG seed, default 1. Same seed (and same `now`) → same workspace. */
	seed?: number;
	/** Clock for seeding in ms since epoch, default Date.now(). */
	now?: number;
	/** Number of admins, default 6 (at least 1). */
	admins?: number;
	/** Number of contacts, default 50 (at least 1). */
	contacts?: number;
}

export interface SandboxOptions {
	/** Default 0 (a free port). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Accepted bearer tokens, default ['sandbox-token']. */
	tokens?: string[];
	/** A number is the conversation count. */
	seed?: SeedOptions | number;
	/** Per token, fixed windows aligned to multiples of windowMs since the epoch. Default 1666 per 10 s. */
	rateLimit?: RateLimit | false;
	/** Latency of every request: a fixed number of ms (default 0), or a distribution (Intercom's shape). */
	latencyMs?: number | LatencyProfile;
	/** The sandbox's clock runs this far ahead (negative: behind) of the machine's; it drives the rate windows, `X-RateLimit-Reset`, `Date` and timestamps. */
	clockOffsetMs?: number;
	/** Reads (GET conversation, GET contact notes) see writes only this long after they were made. */
	readLagMs?: number;
	/** Maximum kept log entries (oldest dropped), default 200,000. */
	logLimit?: number;
	/** Keep parsed request bodies in the log, default true. */
	logBodies?: boolean;
	/** How long a 'timeout' fault holds a request before destroying the socket, default 120,000 ms. */
	hangMs?: number;
	/** Echo the Authorization header into every error answer, as a leaky gateway would (see reflect.ts). */
	reflect?: ReflectOptions;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	/** Route key, or 'unknown' for unmatched paths. */
	route: RouteKey | 'unknown';
	/** HTTP status sent; 0 when the socket was destroyed or the request hangs. */
	status: number;
	/** Parsed request JSON (undefined without a body, or when logBodies is false). */
	body: unknown;
	/** Receive time, ms since epoch. */
	at: number;
	requestId: string;
	/** Injected fault, if any. */
	fault?: FaultKind;
}

export interface SandboxStats {
	/** Every HTTP request received, including 401s and 429s. */
	requests: number;
	rateLimited: number;
	unauthorized: number;
	faultsInjected: number;
	/** Requests between arrival and the end of their response (or socket destroy), now and at most since the last reset. */
	inFlight: number;
	maxInFlight: number;
	byRoute: Record<string, number>;
	byStatus: Record<string, number>;
}
