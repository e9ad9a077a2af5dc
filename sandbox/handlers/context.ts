import { ApiError, invalid, notFound } from '../errors';
import type { SandboxState } from '../state';
import type { Admin, ConversationRecord } from '../types';

export interface HandlerContext {
	state: SandboxState;
	/** Path parameters: `id`, `tag_id`. */
	params: Record<string, string>;
	query: URLSearchParams;
	/** Parsed JSON body, or undefined when the request had none. */
	body: unknown;
	/** Intercom-Version of the request ('2.16' when absent). */
	version: string;
	/** Request time in Unix seconds. */
	now: number;
	/** Reads lag writes by this long (0: reads see every write at once). */
	readLagMs: number;
}

export interface HandlerResult {
	status: number;
	body: unknown;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

export const ok = (body: unknown): HandlerResult => ({ status: 200, body });

export const isPreview = (version: string): boolean => /^(preview|unstable)$/i.test(version);

/** The request body as an object; a missing body counts as `{}` so that required fields are reported by name. */
export function bodyObject(body: unknown): Record<string, unknown> {
	if (body === undefined) return {};
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('Request body must be a JSON object');
	return body as Record<string, unknown>;
}

/** Ids are strings in the spec, but Intercom also accepts integers; anything else is a 400 naming the field. */
export function optionalId(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isInteger(value)) return String(value);
	throw invalid(`${field} must be a string id`, field);
}

export function requiredId(body: Record<string, unknown>, field: string): string {
	const value = optionalId(body, field);
	if (value === undefined) throw invalid(`${field} is required`, field);
	return value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalid(`${field} must be a string`, field);
	return value;
}

export function requiredString(body: Record<string, unknown>, field: string): string {
	const value = optionalString(body, field);
	if (value === undefined || value.trim() === '') throw invalid(`${field} is required`, field);
	return value;
}

export function findAdmin(state: SandboxState, id: string): Admin {
	const admin = state.admins.get(id);
	if (!admin) throw new ApiError(404, 'admin_not_found', 'Admin not found', 'admin_id');
	return admin;
}

/** Conversation ids are digit strings; anything else (or unknown) is a 404. */
export function findConversation(state: SandboxState, id: string, message = 'Resource Not Found'): ConversationRecord {
	const conversation = /^\d+$/.test(id) ? state.conversations.get(id) : undefined;
	if (!conversation) throw notFound(message);
	return conversation;
}
