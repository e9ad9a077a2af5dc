import type {
	Admin,
	App,
	AppliedTag,
	Company,
	CompanyNote,
	Contact,
	ConversationPart,
	ConversationRecord,
	Note,
	PartAuthor,
	Reference,
	Tag,
	Team,
} from './types';
import { wrapBody } from './html';
import { TicketStore } from './tickets';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Fields a test may pass to `addConversation`; everything else gets a default. */
export type ConversationInit = Partial<Omit<ConversationRecord, 'type'>> & {
	/** Contact who started the conversation; default: the first contact. */
	contactId?: string;
	/** Plain text or HTML for the opening message. */
	body?: string;
	/** Tag ids to apply (by the first admin). */
	tagIds?: string[];
};

export interface PartInit {
	part_type: string;
	author: PartAuthor;
	body?: string | null;
	assigned_to?: Reference | null;
	created_at?: number;
	viaApi?: boolean;
	attachments?: ConversationPart['attachments'];
	metadata?: Record<string, unknown>;
}

/** The whole in-memory workspace. Handlers mutate it; tests may read and extend it. */
export class SandboxState {
	readonly admins = new Map<string, Admin>();
	readonly teams = new Map<string, Team>();
	readonly tags = new Map<string, Tag>();
	readonly contacts = new Map<string, Contact>();
	/** Merged-away contact id → the contact it was merged into (GET answers 410 with a canonical Link). */
	readonly mergedContacts = new Map<string, string>();
	/**
	 * Conversations an admin's message opened without `create_conversation_without_contact_reply`:
	 * Intercom shows them (in search) only once the contact replies.
	 */
	readonly awaitingContactReply = new Set<string>();
	/** Notes per contact id, oldest first. */
	readonly contactNotes = new Map<string, Note[]>();
	/** Companies by Intercom id; contacts' companies and tags (ids), archived contacts; notes per company id. */
	readonly companies = new Map<string, Company>();
	readonly contactCompanies = new Map<string, Set<string>>();
	readonly contactTags = new Map<string, Set<string>>();
	readonly archivedContacts = new Set<string>();
	readonly companyNotes = new Map<string, CompanyNote[]>();
	readonly conversations = new Map<string, ConversationRecord>();
	/** Parts created through the API per conversation id. */
	readonly apiWrites = new Map<string, number>();
	/** Tickets, ticket types and states, macros (sandbox/tickets.ts), made on first use. */
	private ticketStore?: TicketStore;
	get tickets(): TicketStore {
		return (this.ticketStore ??= new TicketStore(this));
	}
	private partSeq = 8_000_000_000;
	private noteSeq = 4_100;
	private tagSeq = 7_522_900;
	private conversationSeq = 215_474_005_156_281;
	private contactSeq = 0;

	/** Added to the machine's clock: the sandbox's own time (tests shift it to play a skewed server). */
	clockOffsetMs = 0;
	/** When each part and note was written, in the sandbox's milliseconds (for lagging reads). */
	readonly writtenAtMs = new WeakMap<object, number>();

	constructor(readonly app: App) {}

	/** The sandbox's clock, in milliseconds. */
	nowMs(): number {
		return Date.now() + this.clockOffsetMs;
	}

	nowSeconds(): number {
		return Math.floor(this.nowMs() / 1000);
	}

	/** True when `item` was written less than `lagMs` ago: a lagging read does not see it yet. */
	isFresh(item: object, lagMs: number): boolean {
		const at = this.writtenAtMs.get(item);
		return lagMs > 0 && at !== undefined && this.nowMs() - at < lagMs;
	}

	/** The admin GET /me answers with (the first admin added). */
	get me(): Admin {
		const first = this.admins.values().next();
		if (first.done) throw new Error('sandbox state has no admin');
		return first.value;
	}

	addAdmin(admin: Admin): Admin {
		this.admins.set(admin.id, admin);
		return admin;
	}

	addTeam(team: Team): Team {
		this.teams.set(team.id, team);
		return team;
	}

	addTag(name: string, id?: string): Tag {
		const tag: Tag = { type: 'tag', id: id ?? String(++this.tagSeq), name };
		this.tags.set(tag.id, tag);
		return tag;
	}

	findTagByName(name: string): Tag | undefined {
		for (const tag of this.tags.values()) if (tag.name === name) return tag;
		return undefined;
	}

	addContact(partial: Partial<Contact> = {}): Contact {
		const seq = ++this.contactSeq;
		const id = partial.id ?? (0x6762f0ad1bb69f9f2193bb00n + BigInt(seq)).toString(16).padStart(24, '0');
		const email = partial.email ?? `customer${seq}@example.com`;
		const at = partial.created_at ?? this.nowSeconds();
		const contact: Contact = {
			type: 'contact',
			id,
			workspace_id: this.app.id_code,
			external_id: String(seq),
			role: 'user',
			email,
			email_domain: email.split('@')[1] ?? '',
			phone: null,
			name: `Customer ${seq}`,
			owner_id: null,
			has_hard_bounced: false,
			marked_email_as_spam: false,
			unsubscribed_from_emails: false,
			created_at: at,
			updated_at: at,
			signed_up_at: at,
			last_seen_at: null,
			last_replied_at: null,
			last_contacted_at: null,
			last_email_opened_at: null,
			last_email_clicked_at: null,
			language_override: null,
			browser: null,
			browser_version: null,
			browser_language: null,
			os: null,
			custom_attributes: {},
			avatar: null,
			location: { type: 'location', country: null, region: null, city: null },
			...partial,
		};
		this.contacts.set(contact.id, contact);
		return contact;
	}

	/** Merges `fromId` into `intoId` as POST /contacts/merge would: the old id is gone, its chain resolves to the target. */
	mergeContact(fromId: string, intoId: string): void {
		if (!this.contacts.has(intoId)) throw new Error(`sandbox: no contact ${intoId} to merge into`);
		this.contacts.delete(fromId);
		this.mergedContacts.set(fromId, intoId);
	}

	addNote(contactId: string, author: Admin, body: string, createdAt = this.nowSeconds()): Note {
		const note: Note = {
			type: 'note',
			id: String(++this.noteSeq),
			created_at: createdAt,
			contact: { type: 'contact', id: contactId },
			author: { ...author },
			body: wrapBody(body),
		};
		this.writtenAtMs.set(note, this.nowMs());
		const list = this.contactNotes.get(contactId) ?? [];
		list.push(note);
		this.contactNotes.set(contactId, list);
		return note;
	}

	nextConversationId(step = 1): string {
		this.conversationSeq += step;
		return String(this.conversationSeq);
	}

	newPart(init: PartInit): ConversationPart {
		const at = init.created_at ?? this.nowSeconds();
		const part: ConversationPart = {
			type: 'conversation_part',
			id: String(++this.partSeq),
			part_type: init.part_type,
			body: init.body ?? null,
			created_at: at,
			updated_at: at,
			notified_at: at,
			assigned_to: init.assigned_to ?? null,
			author: init.author,
			attachments: init.attachments ?? [],
			external_id: null,
			redacted: false,
			metadata: init.metadata ?? {},
			email_message_metadata: null,
			app_package_code: init.viaApi ? 'sandbox-app' : null,
		};
		this.writtenAtMs.set(part, this.nowMs());
		return part;
	}

	/** Appends a part; API-created parts count in `apiWrites`. */
	appendPart(conversation: ConversationRecord, part: ConversationPart, viaApi: boolean): void {
		conversation.parts.push(part);
		conversation.statistics.count_conversation_parts = conversation.parts.length + 1;
		if (viaApi) this.apiWrites.set(conversation.id, (this.apiWrites.get(conversation.id) ?? 0) + 1);
	}

	applyTag(conversation: ConversationRecord, tag: Tag, adminId: string, at = this.nowSeconds()): AppliedTag {
		const existing = conversation.tags.tags.find((t) => t.id === tag.id);
		if (existing) return existing;
		const applied: AppliedTag = { ...tag, applied_at: at, applied_by: { type: 'admin', id: adminId } };
		conversation.tags.tags.push(applied);
		return applied;
	}

	/** Adds a conversation for tests; unspecified fields get plausible defaults (open, unassigned, one customer message). */
	addConversation(init: ConversationInit = {}): ConversationRecord {
		const { contactId, body, tagIds, ...fields } = init;
		const contact =
			(contactId !== undefined ? this.contacts.get(contactId) : this.contacts.values().next().value) ??
			this.addContact(contactId !== undefined ? { id: contactId } : {});
		const at = fields.created_at ?? this.nowSeconds();
		const id = fields.id ?? this.nextConversationId(1);
		const conversation: ConversationRecord = {
			type: 'conversation',
			id,
			title: null,
			created_at: at,
			updated_at: at,
			waiting_since: at,
			snoozed_until: null,
			open: true,
			state: 'open',
			read: false,
			priority: 'none',
			admin_assignee_id: 0,
			team_assignee_id: 0,
			tags: { type: 'tag.list', tags: [] },
			conversation_rating: null,
			source: {
				type: 'conversation',
				id: String(403_918_000 + this.conversations.size),
				delivered_as: 'customer_initiated',
				subject: '',
				body: wrapBody(body ?? 'Hello, I need some help.'),
				author: { type: 'user', id: contact.id, name: contact.name, email: contact.email },
				attachments: [],
				url: null,
				redacted: false,
			},
			contacts: {
				type: 'contact.list',
				contacts: [{ type: 'contact', id: contact.id, external_id: contact.external_id }],
			},
			teammates: { type: 'admin.list', teammates: [] },
			custom_attributes: {},
			first_contact_reply: { created_at: at, type: 'conversation', url: null },
			sla_applied: null,
			statistics: {
				type: 'conversation_statistics',
				first_contact_reply_at: at,
				last_contact_reply_at: at,
				count_reopens: 0,
				count_assignments: 0,
				count_conversation_parts: 1,
			},
			linked_objects: { type: 'list', total_count: 0, has_more: false, data: [] },
			ai_agent_participated: false,
			ai_agent: null,
			parts: [],
			...fields,
		};
		if (fields.state !== undefined && fields.open === undefined) conversation.open = fields.state !== 'closed';
		this.conversations.set(id, conversation);
		for (const tagId of tagIds ?? []) {
			const tag = this.tags.get(tagId);
			if (tag) this.applyTag(conversation, tag, this.me.id, at);
		}
		return conversation;
	}
}

export function adminAuthor(admin: Admin): PartAuthor {
	return { type: 'admin', id: admin.id, name: admin.name, email: admin.email };
}

export function contactAuthor(contact: Contact): PartAuthor {
	return { type: 'user', id: contact.id, name: contact.name, email: contact.email };
}

export function addTeammate(conversation: ConversationRecord, adminId: string): void {
	if (!conversation.teammates.teammates.some((t) => t.id === adminId)) {
		conversation.teammates.teammates.push({ type: 'admin', id: adminId });
	}
}
