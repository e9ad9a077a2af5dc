import { attachCompany, createCompanyNote, detachCompany, getCompany, listCompanies, listCompanyNotes, retrieveCompanies, upsertCompany } from './handlers/companies';
import {
	archiveContact,
	createContact,
	createNote,
	deleteContact,
	getContact,
	listNotes,
	mergeContacts,
	searchContacts,
	tagContact,
	unarchiveContact,
	untagContact,
	updateContact,
} from './handlers/contacts';
import type { Handler } from './handlers/context';
import { attachTag, detachTag } from './handlers/conversation-tags';
import { getConversation, listConversations, searchConversations, updateConversation } from './handlers/conversations';
import { manageConversation } from './handlers/manage';
import { createConversation, createMessage } from './handlers/new-conversations';
import { getMacro, listMacros } from './handlers/macros';
import { replyConversation } from './handlers/reply';
import {
	attachTagToTicket,
	convertConversation,
	createTicket,
	detachTagFromTicket,
	getTicket,
	getTicketType,
	linkConversation,
	listTicketStates,
	listTicketTypes,
	replyTicket,
	searchTickets,
	unlinkConversation,
	updateTicket,
} from './handlers/tickets';
import { createTag, getMe, listAdmins, listTags, listTeams } from './handlers/workspace';
import type { RouteKey } from './types';

interface RouteDef {
	key: RouteKey;
	method: string;
	pattern: RegExp;
	params: string[];
	handler: Handler;
}

const SEGMENT = '([^/]+)';

function route(key: RouteKey, handler: Handler): RouteDef {
	const [method, template] = key.split(' ');
	const params: string[] = [];
	const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
		params.push(name);
		return SEGMENT;
	});
	return { key, method, pattern: new RegExp(`^${source}$`), params, handler };
}

export const ROUTES: RouteDef[] = [
	route('GET /me', getMe),
	route('GET /admins', listAdmins),
	route('GET /teams', listTeams),
	route('GET /tags', listTags),
	route('POST /tags', createTag),
	route('GET /conversations', listConversations),
	route('POST /conversations/search', searchConversations),
	route('GET /conversations/{id}', getConversation),
	route('PUT /conversations/{id}', updateConversation),
	route('POST /conversations/{id}/parts', manageConversation),
	route('POST /conversations/{id}/reply', replyConversation),
	route('POST /conversations/{id}/tags', attachTag),
	route('DELETE /conversations/{id}/tags/{tag_id}', detachTag),
	route('GET /contacts/{id}', getContact),
	route('POST /contacts/{id}/notes', createNote),
	route('GET /contacts/{id}/notes', listNotes),
	route('GET /ticket_types', listTicketTypes),
	route('GET /ticket_types/{id}', getTicketType),
	route('GET /ticket_states', listTicketStates),
	route('POST /tickets', createTicket),
	route('POST /tickets/search', searchTickets),
	route('GET /tickets/{id}', getTicket),
	route('PUT /tickets/{id}', updateTicket),
	route('POST /tickets/{id}/reply', replyTicket),
	route('POST /tickets/{id}/tags', attachTagToTicket),
	route('DELETE /tickets/{id}/tags/{tag_id}', detachTagFromTicket),
	route('POST /tickets/{id}/linked_conversations', linkConversation),
	route('DELETE /tickets/{id}/linked_conversations/{conversation_id}', unlinkConversation),
	route('POST /conversations/{id}/convert', convertConversation),
	route('GET /macros', listMacros),
	route('GET /macros/{id}', getMacro),
	route('POST /contacts', createContact),
	route('PUT /contacts/{id}', updateContact),
	route('DELETE /contacts/{id}', deleteContact),
	route('POST /contacts/search', searchContacts),
	route('POST /contacts/merge', mergeContacts),
	route('POST /contacts/{id}/archive', archiveContact),
	route('POST /contacts/{id}/unarchive', unarchiveContact),
	route('POST /contacts/{id}/tags', tagContact),
	route('DELETE /contacts/{id}/tags/{tag_id}', untagContact),
	route('POST /contacts/{id}/companies', attachCompany),
	route('DELETE /contacts/{id}/companies/{company_id}', detachCompany),
	route('POST /companies', upsertCompany),
	route('GET /companies', retrieveCompanies),
	route('GET /companies/{id}', getCompany),
	route('POST /companies/list', listCompanies),
	route('POST /companies/{id}/notes', createCompanyNote),
	route('GET /companies/{id}/notes', listCompanyNotes),
	route('POST /conversations', createConversation),
	route('POST /messages', createMessage),
];

export interface RouteMatch {
	key: RouteKey;
	handler: Handler;
	params: Record<string, string>;
}

/** Matches method + path (without query, trailing slash ignored); an unsupported method is a miss (Intercom: 404). */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
	const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
	for (const def of ROUTES) {
		if (def.method !== method) continue;
		const m = def.pattern.exec(clean);
		if (!m) continue;
		const params: Record<string, string> = {};
		def.params.forEach((name, i) => {
			params[name] = safeDecode(m[i + 1]);
		});
		return { key: def.key, handler: def.handler, params };
	}
	return undefined;
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}
