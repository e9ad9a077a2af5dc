import { ApiError, invalid } from './errors';
import type { SandboxState } from './state';
import type { AppliedTag, ConversationRecord, PartAuthor, Tag } from './types';

/**
 * Tickets, ticket types and states, and macros of the sandbox workspace (Intercom 2.16 wire
 * shapes). SandboxState holds one TicketStore (`state.tickets`); it seeds four ticket types (two
 * customer types with required attributes, a back-office and a tracker type), the four ticket
 * states and a few macros with placeholders.
 */

export type TicketCategory = 'Customer' | 'Back-office' | 'Tracker';
export type StateCategory = 'submitted' | 'in_progress' | 'waiting_on_customer' | 'resolved';

export interface TicketState {
	type: 'ticket_state';
	id: string;
	category: StateCategory;
	internal_label: string;
	external_label: string;
}

export interface TicketTypeAttribute {
	type: 'ticket_type_attribute';
	id: string;
	workspace_id: string;
	name: string;
	description: string;
	data_type: 'string' | 'list' | 'integer' | 'decimal' | 'boolean' | 'datetime' | 'files';
	input_options: Record<string, unknown>;
	order: number;
	required_to_create: boolean;
	required_to_create_for_contacts: boolean;
	visible_on_create: boolean;
	visible_to_contacts: boolean;
	default: boolean;
	ticket_type_id: number;
	archived: boolean;
	created_at: number;
	updated_at: number;
}

export interface TicketType {
	type: 'ticket_type';
	id: string;
	category: TicketCategory;
	name: string;
	description: string;
	icon: string;
	workspace_id: string;
	archived: boolean;
	created_at: number;
	updated_at: number;
	ticket_type_attributes: { type: 'ticket_type_attributes.list'; ticket_type_attributes: TicketTypeAttribute[] };
	ticket_states: { type: 'list'; data: TicketState[] };
}

export interface TicketPart {
	type: 'ticket_part';
	id: string;
	part_type: string;
	body: string | null;
	created_at: number;
	updated_at: number;
	author: PartAuthor;
	attachments: [];
	redacted: boolean;
	app_package_code?: string;
	ticket_state?: StateCategory;
	previous_ticket_state?: StateCategory;
	assigned_to?: { type: string; id: string } | null;
}

/** A ticket as stored: the 2.16 object without `ticket_parts` (kept in `parts`) and with its tags (not in the wire shape). */
export interface TicketRecord {
	type: 'ticket';
	id: string;
	ticket_id: string;
	category: TicketCategory;
	ticket_attributes: Record<string, unknown>;
	ticket_state: TicketState;
	ticket_type: TicketType;
	contacts: { type: 'contact.list'; contacts: Array<{ type: 'contact'; id: string; external_id: string | null }> };
	admin_assignee_id: number;
	team_assignee_id: number;
	created_at: number;
	updated_at: number;
	open: boolean;
	snoozed_until: number | null;
	linked_objects: { type: 'list'; total_count: number; has_more: boolean; data: Array<{ type: 'ticket' | 'conversation'; id: string; category: TicketCategory | null }> };
	is_shared: boolean;
	previous_ticket_state_id: string | null;
	parts: TicketPart[];
	tags: AppliedTag[];
}

export interface Macro {
	type: 'macro';
	id: string;
	name: string;
	body: string | null;
	body_text: string | null;
	created_at: string;
	updated_at: string;
	visible_to: 'everyone' | 'specific_teams';
	visible_to_team_ids: string[];
	available_on: Array<'inbox' | 'messenger'>;
}

export const TITLE = '_default_title_';
export const DESCRIPTION = '_default_description_';

const STATES: Array<[StateCategory, string, string]> = [
	['submitted', 'Submitted', 'Submitted'],
	['in_progress', 'In progress', 'In progress'],
	['waiting_on_customer', 'Waiting on customer', 'Waiting on you'],
	['resolved', 'Resolved', 'Resolved'],
];

interface AttributeInit {
	name: string;
	data_type: TicketTypeAttribute['data_type'];
	required?: boolean;
	options?: string[];
}

interface TypeInit {
	name: string;
	category: TicketCategory;
	icon: string;
	attributes: AttributeInit[];
}

const TYPES: TypeInit[] = [
	{
		name: 'Bug report',
		category: 'Customer',
		icon: '🐞',
		attributes: [
			{ name: 'Severity', data_type: 'list', required: true, options: ['Low', 'High', 'Critical'] },
			{ name: 'Steps to reproduce', data_type: 'string' },
		],
	},
	{ name: 'Billing question', category: 'Customer', icon: '💳', attributes: [{ name: 'Invoice number', data_type: 'string', required: true }] },
	{ name: 'Engineering task', category: 'Back-office', icon: '🛠', attributes: [{ name: 'Estimate (days)', data_type: 'integer' }] },
	{ name: 'Outage', category: 'Tracker', icon: '🔥', attributes: [] },
];

/** Seeded macros: placeholders in Intercom's `{{…}}` text form (the API sends `body` with `<attribute …/>`). */
const MACROS: Array<{ name: string; text: string }> = [
	{ name: 'Refund on its way', text: "Hi {{user.first_name|fallback:\"there\"}}, the refund for conversation {{conversation.id}} is on its way. {{teammate.name}}" },
	{ name: 'Thanks for waiting', text: 'Thank you for your patience! We are on it.' },
	{ name: 'Order status', text: 'Hi {{user.name}}, your order #{{order.number}} is ready for pickup!' },
	{ name: 'Plan details', text: 'Your plan: {{user.custom_attributes.plan|fallback:"Free"}}. Contact: {{user.email}}.' },
];

/** `{{key|fallback:"x"}}` → `<attribute key="key" default="x"/>`, the 2.16 `body` form (defaults HTML-escaped). */
export function macroBodyHtml(text: string): string {
	const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const html = text.replace(/\{\{\s*([\w.]+)\s*(?:\|\s*fallback:\s*"([^"]*)")?\s*\}\}/g, (_, key: string, fallback?: string) =>
		fallback === undefined ? `<attribute key="${key}"/>` : `<attribute key="${key}" default="${escape(fallback)}"/>`,
	);
	return `<p>${html}</p>`;
}

export class TicketStore {
	readonly types = new Map<string, TicketType>();
	readonly states: TicketState[] = [];
	readonly tickets = new Map<string, TicketRecord>();
	readonly macros = new Map<string, Macro>();
	/** Conversation id → the ticket it was converted to. */
	readonly converted = new Map<string, string>();
	/** Ticket parts, tickets and replies written through the API (for exactly-once checks). */
	readonly apiWrites = new Map<string, number>();
	private ticketSeq = 64_619_700_005_000;
	private inboxSeq = 0;
	private partSeq = 9_100_000_000;

	constructor(private readonly state: SandboxState) {
		const at = state.nowSeconds() - 200 * 86_400;
		STATES.forEach(([category, internal, external], i) =>
			this.states.push({ type: 'ticket_state', id: String(7_490 + i), category, internal_label: internal, external_label: external }),
		);
		TYPES.forEach((init, i) => this.addType(init, String(53 + i), at));
		MACROS.forEach((m, i) => {
			const iso = new Date((at + i * 3600) * 1000).toISOString();
			this.macros.set(String(780 + i), {
				type: 'macro',
				id: String(780 + i),
				name: m.name,
				body: macroBodyHtml(m.text),
				body_text: m.text,
				created_at: iso,
				updated_at: iso,
				visible_to: 'everyone',
				visible_to_team_ids: [],
				available_on: ['inbox', 'messenger'],
			});
		});
	}

	private addType(init: TypeInit, id: string, at: number): TicketType {
		const workspace = this.state.app.id_code;
		const attribute = (a: AttributeInit, order: number, builtIn: boolean): TicketTypeAttribute => ({
			type: 'ticket_type_attribute',
			id: String(Number(id) * 100 + order),
			workspace_id: workspace,
			name: a.name,
			description: builtIn ? `The ticket's ${a.name === TITLE ? 'title' : 'description'}` : a.name,
			data_type: a.data_type,
			input_options: a.options ? { list_options: a.options.map((label, k) => ({ id: `${id}-${order}-${k}`, label })) } : {},
			order,
			required_to_create: a.required ?? false,
			required_to_create_for_contacts: false,
			visible_on_create: true,
			visible_to_contacts: true,
			default: builtIn,
			ticket_type_id: Number(id),
			archived: false,
			created_at: at,
			updated_at: at,
		});
		const type: TicketType = {
			type: 'ticket_type',
			id,
			category: init.category,
			name: init.name,
			description: `${init.name} tickets`,
			icon: init.icon,
			workspace_id: workspace,
			archived: false,
			created_at: at,
			updated_at: at,
			ticket_type_attributes: {
				type: 'ticket_type_attributes.list',
				ticket_type_attributes: [
					attribute({ name: TITLE, data_type: 'string', required: true }, 0, true),
					attribute({ name: DESCRIPTION, data_type: 'string' }, 1, true),
					...init.attributes.map((a, k) => attribute(a, k + 2, false)),
				],
			},
			ticket_states: { type: 'list', data: this.states.map((s) => ({ ...s })) },
		};
		this.types.set(id, type);
		return type;
	}

	typeNamed(name: string): TicketType {
		const type = [...this.types.values()].find((t) => t.name === name);
		if (!type) throw new Error(`sandbox: no ticket type ${name}`);
		return type;
	}

	stateOf(category: StateCategory): TicketState {
		return this.states.find((s) => s.category === category) as TicketState;
	}

	/** Checks attributes against the type: known names, list values among the options, required ones present (on create). */
	checkAttributes(type: TicketType, attributes: Record<string, unknown>, { creating }: { creating: boolean }): void {
		const defs = type.ticket_type_attributes.ticket_type_attributes;
		for (const [name, value] of Object.entries(attributes)) {
			const def = defs.find((d) => d.name === name);
			if (!def) throw invalid(`Ticket attribute '${name}' does not exist on ticket type ${type.name}`, 'ticket_attributes');
			const options = (def.input_options.list_options as Array<{ id: string }> | undefined) ?? [];
			if (def.data_type === 'list' && !options.some((o) => o.id === value)) {
				throw invalid(`Ticket attribute '${name}' must be the id of one of its list options`, 'ticket_attributes');
			}
			if (def.data_type === 'integer' && !Number.isInteger(value)) throw invalid(`Ticket attribute '${name}' must be an integer`, 'ticket_attributes');
			if (def.data_type === 'string' && value !== null && typeof value !== 'string') throw invalid(`Ticket attribute '${name}' must be a string`, 'ticket_attributes');
		}
		if (!creating) return;
		for (const def of defs) {
			const value = attributes[def.name];
			if (def.required_to_create && (value === undefined || value === null || value === '')) {
				throw invalid(`Ticket attribute '${def.name}' is required to create a ${type.name} ticket`, 'ticket_attributes');
			}
		}
	}

	addTicket(init: {
		type: TicketType;
		contactIds: string[];
		attributes: Record<string, unknown>;
		createdAt?: number;
		adminAssigneeId?: number;
		teamAssigneeId?: number;
		parts?: TicketPart[];
	}): TicketRecord {
		const now = this.state.nowSeconds();
		const at = init.createdAt ?? now;
		const ticket: TicketRecord = {
			type: 'ticket',
			id: String(++this.ticketSeq),
			ticket_id: String(++this.inboxSeq),
			category: init.type.category,
			ticket_attributes: { ...init.attributes },
			ticket_state: { ...this.stateOf('submitted') },
			ticket_type: init.type,
			contacts: {
				type: 'contact.list',
				contacts: init.contactIds.map((id) => ({ type: 'contact', id, external_id: this.state.contacts.get(id)?.external_id ?? null })),
			},
			admin_assignee_id: init.adminAssigneeId ?? 0,
			team_assignee_id: init.teamAssigneeId ?? 0,
			created_at: at,
			updated_at: Math.max(at, now),
			open: true,
			snoozed_until: null,
			linked_objects: { type: 'list', total_count: 0, has_more: false, data: [] },
			is_shared: init.type.category === 'Customer',
			previous_ticket_state_id: null,
			parts: init.parts ?? [],
			tags: [],
		};
		this.tickets.set(ticket.id, ticket);
		this.state.writtenAtMs.set(ticket, this.state.nowMs());
		return ticket;
	}

	newPart(init: Omit<TicketPart, 'type' | 'id' | 'created_at' | 'updated_at' | 'attachments' | 'redacted'> & { created_at?: number }): TicketPart {
		const at = init.created_at ?? this.state.nowSeconds();
		const part: TicketPart = { type: 'ticket_part', id: String(++this.partSeq), attachments: [], redacted: false, ...init, created_at: at, updated_at: at };
		this.state.writtenAtMs.set(part, this.state.nowMs());
		return part;
	}

	countWrite(ticketId: string): void {
		this.apiWrites.set(ticketId, (this.apiWrites.get(ticketId) ?? 0) + 1);
	}

	/** Converts a conversation: a customer ticket carrying its messages; the conversation links to it. */
	convert(conversation: ConversationRecord, type: TicketType, attributes: Record<string, unknown>, author: PartAuthor): TicketRecord {
		const source = this.newPart({
			part_type: 'comment',
			body: conversation.source.body,
			author: { ...conversation.source.author, email: conversation.source.author.email ?? '' },
			created_at: conversation.created_at,
		});
		const copies = conversation.parts
			.filter((p) => p.body !== null)
			.map((p) => this.newPart({ part_type: p.part_type, body: p.body, author: p.author, created_at: p.created_at }));
		const opened = this.newPart({ part_type: 'ticket_state_updated_by_admin', body: null, author, ticket_state: 'submitted', previous_ticket_state: 'submitted' });
		const ticket = this.addTicket({
			type,
			contactIds: conversation.contacts.contacts.map((c) => c.id),
			attributes,
			createdAt: conversation.created_at,
			adminAssigneeId: conversation.admin_assignee_id,
			teamAssigneeId: conversation.team_assignee_id,
			parts: [source, ...copies, opened],
		});
		this.converted.set(conversation.id, ticket.id);
		link(conversation.linked_objects, { type: 'ticket', id: ticket.id, category: 'Customer' });
		link(ticket.linked_objects, { type: 'conversation', id: conversation.id, category: null });
		return ticket;
	}

	/** The tracker a conversation is linked to, if any. */
	trackerOf(conversation: ConversationRecord): string | undefined {
		const data = conversation.linked_objects.data as Array<{ type: string; id: string; category?: string | null }>;
		return data.find((o) => o.type === 'ticket' && o.category === 'Tracker')?.id;
	}

	linkConversation(tracker: TicketRecord, conversation: ConversationRecord): void {
		link(conversation.linked_objects, { type: 'ticket', id: tracker.id, category: 'Tracker' });
		link(tracker.linked_objects, { type: 'conversation', id: conversation.id, category: null });
	}

	unlinkConversation(tracker: TicketRecord, conversation: ConversationRecord): void {
		unlink(conversation.linked_objects, 'ticket', tracker.id);
		unlink(tracker.linked_objects, 'conversation', conversation.id);
	}

	applyTag(ticket: TicketRecord, tag: Tag, adminId: string): AppliedTag {
		const existing = ticket.tags.find((t) => t.id === tag.id);
		if (existing) return existing;
		const applied: AppliedTag = { ...tag, applied_at: this.state.nowSeconds(), applied_by: { type: 'admin', id: adminId } };
		ticket.tags.push(applied);
		return applied;
	}
}

interface LinkList {
	total_count: number;
	data: unknown[];
}

function link(list: LinkList, entry: { type: 'ticket' | 'conversation'; id: string; category: TicketCategory | null }): void {
	const data = list.data as Array<{ type: string; id: string }>;
	if (!data.some((o) => o.type === entry.type && o.id === entry.id)) data.push(entry);
	list.total_count = data.length;
}

function unlink(list: LinkList, type: string, id: string): void {
	list.data = (list.data as Array<{ type: string; id: string }>).filter((o) => !(o.type === type && o.id === id));
	list.total_count = list.data.length;
}

export const ticketNotFound = (): ApiError => new ApiError(404, 'ticket_not_found', 'Ticket not found');
export const tagNotFound = (): ApiError => new ApiError(404, 'tag_not_found', 'Tag not found');

/** A ticket body for the wire: `ticket_parts` (the given parts, or all of them), tags left out (not in the 2.16 shape). */
export function toTicket(ticket: TicketRecord, parts: TicketPart[] = ticket.parts.slice(-500)): Record<string, unknown> {
	const { parts: _parts, tags: _tags, ...rest } = ticket;
	const cloned = structuredClone(parts);
	// The schema's snoozed_until is a non-nullable integer: absent when the ticket is not snoozed.
	const { snoozed_until: snoozedUntil, ...wire } = structuredClone(rest);
	return { ...wire, ...(snoozedUntil !== null && { snoozed_until: snoozedUntil }), ticket_parts: { type: 'ticket_part.list', ticket_parts: cloned, total_count: cloned.length } };
}

export const ticketTitle = (t: TicketRecord): string | null => (t.ticket_attributes[TITLE] as string | undefined) ?? null;
