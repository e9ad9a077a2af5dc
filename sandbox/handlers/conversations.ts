import { invalid } from '../errors';
import { paginate, parsePerPage } from '../pagination';
import { compileQuery } from '../search';
import { toConversation, toListItem } from '../serialize';
import type { ConversationRecord, Priority } from '../types';
import { bodyObject, findAdmin, findConversation, isPreview, ok, optionalId, type Handler, type HandlerResult } from './context';

const PRIORITIES: readonly Priority[] = ['none', 'low', 'medium', 'high', 'urgent'];

const plaintext = (query: URLSearchParams): boolean => query.get('display_as') === 'plaintext';

function listResponse(all: ConversationRecord[], perPage: number, startingAfter: unknown): HandlerResult {
	const page = paginate(all, perPage, startingAfter);
	return ok({
		type: 'conversation.list',
		conversations: page.items.map((c) => toListItem(c)),
		total_count: page.total,
		pages: page.pages,
	});
}

export const listConversations: Handler = ({ state, query }) =>
	listResponse([...state.conversations.values()], parsePerPage(query.get('per_page') ?? undefined), query.get('starting_after') ?? undefined);

export const searchConversations: Handler = ({ state, body, version, readLagMs }) => {
	const input = bodyObject(body);
	if (input.query === undefined) throw invalid('query is required', 'query');
	const predicate = compileQuery(input.query, { version });
	const pagination = input.pagination ?? {};
	if (typeof pagination !== 'object' || pagination === null || Array.isArray(pagination)) {
		throw invalid('pagination must be an object', 'pagination');
	}
	const { per_page: perPage, starting_after: startingAfter } = pagination as Record<string, unknown>;
	// A conversation opened through the API reaches the search index only after the read lag.
	const matches = [...state.conversations.values()].filter((c) => predicate(c) && !state.isFresh(c, readLagMs) && !state.awaitingContactReply.has(c.id));
	return listResponse(matches, parsePerPage(perPage), startingAfter);
};

export const getConversation: Handler = ({ state, params, query, readLagMs }) => {
	const conversation = findConversation(state, params.id);
	const parts = readLagMs > 0 ? conversation.parts.filter((part) => !state.isFresh(part, readLagMs)).slice(-500) : undefined;
	return ok(toConversation(conversation, { plaintext: plaintext(query) }, parts));
};

/** PUT /conversations/{id}: read, title, custom_attributes, company_id; priority (+admin_id) only with Intercom-Version Preview. */
export const updateConversation: Handler = ({ state, params, query, body, version, now }) => {
	const conversation = findConversation(state, params.id);
	const input = bodyObject(body);
	if (input.read !== undefined && typeof input.read !== 'boolean') throw invalid('read must be a boolean', 'read');
	if (input.title !== undefined && input.title !== null && typeof input.title !== 'string') throw invalid('title must be a string', 'title');
	const attributes = input.custom_attributes;
	if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) {
		throw invalid('custom_attributes must be an object', 'custom_attributes');
	}
	if (input.company_id !== undefined && input.company_id !== null && typeof input.company_id !== 'string') {
		throw invalid('company_id must be a string', 'company_id');
	}
	let priority: Priority | undefined;
	if (input.priority !== undefined) {
		if (!isPreview(version)) {
			throw invalid(`priority can only be set with Intercom-Version: Preview (request used ${version})`, 'priority');
		}
		if (typeof input.priority !== 'string' || !(PRIORITIES as readonly string[]).includes(input.priority)) {
			throw invalid(`priority must be one of ${PRIORITIES.join(', ')}`, 'priority');
		}
		priority = input.priority as Priority;
		const adminId = optionalId(input, 'admin_id');
		if (adminId !== undefined) findAdmin(state, adminId);
	}

	const before = JSON.stringify([conversation.read, conversation.title, conversation.custom_attributes, conversation.priority]);
	if (typeof input.read === 'boolean') conversation.read = input.read;
	if (input.title !== undefined) conversation.title = (input.title as string | null) ?? null;
	if (attributes) Object.assign(conversation.custom_attributes, attributes);
	if (priority) conversation.priority = priority;
	const after = JSON.stringify([conversation.read, conversation.title, conversation.custom_attributes, conversation.priority]);
	if (after !== before) conversation.updated_at = Math.max(conversation.updated_at, now);
	return ok(toConversation(conversation, { plaintext: plaintext(query) }));
};
