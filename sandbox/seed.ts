import { createPrng, type Prng } from './prng';
import { SandboxState, adminAuthor, addTeammate, contactAuthor } from './state';
import { recordClose, refreshReplyStatistics } from './statistics';
import type { Admin, Contact, ConversationRecord, ConversationState, Priority, SeedOptions } from './types';

const ADMIN_NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Linus Pauling', 'Mae Jemison', 'Edsger Dijkstra', 'Barbara Liskov'];
const TEAMS = ['Support', 'Billing', 'Escalations'];
const TAGS = ['billing', 'bug', 'vip', 'feedback', 'stale'];
const FIRST = ['Jane', 'Omar', 'Li', 'Sofia', 'Ravi', 'Emma', 'Kofi', 'Mia', 'Noah', 'Yuki', 'Lars', 'Ana'];
const LAST = ['Doe', 'Haddad', 'Wei', 'Rossi', 'Patel', 'Martin', 'Mensah', 'Kowalski', 'Smith', 'Tanaka', 'Berg', 'Silva'];
const TOPICS = [
	'I was charged twice this month',
	'The export button does nothing',
	'How do I add a teammate?',
	'Can I get a refund for my annual plan?',
	'The app crashes when I upload a file',
	'Feature request: dark mode',
	'Password reset email never arrives',
	'Where can I download my invoice?',
	'The API returns a 500 error',
	'Thanks for the quick help last time',
];
const TITLES = ['Double charge', 'Export broken', 'Refund request', 'Upload crash', 'Invoice download'];
const ADMIN_REPLIES = ['Thanks for reaching out, looking into it now.', 'Could you send a screenshot?', 'This is fixed now, sorry for the trouble.'];
const DAY = 86_400;
/** Closing notes in the close operation's format (Category / Summary lines), and customers' ratings. */
const CATEGORIES = ['Billing', 'Bug', 'How-to', 'Account', 'Feature request'];
const SUMMARIES = [
	'Refund issued for the duplicate charge',
	'Workaround sent; fix scheduled for the next release',
	'Walked the customer through the settings page',
	'Password reset link re-sent after the email bounced',
	'Logged the request with the product team',
];
const REMARKS = ['', '', 'Quick and friendly, thanks!', 'Took a while but solved.', 'Still not happy with the answer.'];

/**
 * Builds a deterministic workspace: admins, teams, tags, contacts and conversations with parts.
 * Same `seed` and `now` → identical state (ids, timestamps, texts).
 */
export function seedWorkspace(options: SeedOptions = {}): SandboxState {
	const rng = createPrng(options.seed ?? 1);
	const now = Math.floor((options.now ?? Date.now()) / 1000);
	const state = new SandboxState({
		type: 'app',
		id_code: `sbx${rng.int(10000, 99999)}`,
		name: 'Sandbox Workspace',
		region: 'US',
		timezone: 'Europe/Dublin',
		created_at: now - 400 * DAY,
		identity_verification: false,
	});
	const admins = seedAdmins(state, Math.max(1, options.admins ?? 6));
	seedTeams(state, admins, rng);
	for (const name of TAGS) state.addTag(name);
	for (let i = 0; i < Math.max(1, options.contacts ?? 50); i++) {
		const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
		state.addContact({
			id: rng.hex(24),
			name,
			email: `${name.toLowerCase().replace(' ', '.')}${i + 1}@example.com`,
			external_id: `cust-${1000 + i}`,
			created_at: now - rng.int(60, 365) * DAY,
			updated_at: now - rng.int(0, 59) * DAY,
		});
	}
	const count = options.conversations ?? 50;
	// Closing details (reopen cycles, closing notes, ratings) draw from their own sequence, so the
	// conversations' ids, states, assignees and timelines stay what they were before they existed.
	const closing = createPrng(((options.seed ?? 1) * 7_919 + 104_729) >>> 0);
	for (let i = 0; i < count; i++) seedConversation(state, rng, closing, now);
	return state;
}

function seedAdmins(state: SandboxState, count: number): Admin[] {
	const admins: Admin[] = [];
	for (let i = 0; i < count; i++) {
		const name = ADMIN_NAMES[i % ADMIN_NAMES.length] + (i >= ADMIN_NAMES.length ? ` ${i}` : '');
		admins.push(
			state.addAdmin({
				type: 'admin',
				id: String(991_267_001 + i),
				name,
				email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@sandbox.example.com`,
				job_title: i === 0 ? 'Support Lead' : 'Support Engineer',
				away_mode_enabled: false,
				away_mode_reassign: false,
				away_status_reason_id: null,
				has_inbox_seat: true,
				team_ids: [],
				avatar: null,
			}),
		);
	}
	return admins;
}

function seedTeams(state: SandboxState, admins: Admin[], rng: Prng): void {
	TEAMS.forEach((name, index) => {
		const id = 5_017_691 + index;
		const members = admins.filter((_, i) => i % TEAMS.length === index || rng.chance(0.2));
		for (const admin of members) admin.team_ids.push(id);
		state.addTeam({
			type: 'team',
			id: String(id),
			name,
			admin_ids: members.map((a) => Number(a.id)),
			admin_priority_level: { primary_admin_ids: members.map((a) => Number(a.id)), secondary_admin_ids: [] },
			assignment_limit: null,
			distribution_method: 'round_robin',
		});
	});
}

function seedConversation(state: SandboxState, rng: Prng, closing: Prng, now: number): ConversationRecord {
	const contacts = [...state.contacts.values()];
	const admins = [...state.admins.values()];
	const teams = [...state.teams.values()];
	const tags = [...state.tags.values()];
	const contact = rng.pick(contacts);
	const createdAt = now - rng.int(600, 60 * DAY);
	const roll = rng.next();
	const state_: ConversationState = roll < 0.65 ? 'open' : roll < 0.88 ? 'closed' : 'snoozed';
	const adminAssignee = rng.chance(0.6) ? rng.pick(admins) : undefined;
	const teamAssignee = rng.chance(0.5) ? rng.pick(teams) : undefined;
	const priorities: Priority[] = ['none', 'none', 'none', 'low', 'medium', 'high', 'urgent'];

	const conversation = state.addConversation({
		id: state.nextConversationId(rng.int(1, 40)),
		contactId: contact.id,
		body: rng.pick(TOPICS),
		created_at: createdAt,
		title: rng.chance(0.5) ? rng.pick(TITLES) : null,
		read: rng.chance(0.5),
		priority: rng.pick(priorities),
		admin_assignee_id: adminAssignee ? Number(adminAssignee.id) : 0,
		team_assignee_id: teamAssignee ? Number(teamAssignee.id) : 0,
	});

	// Timeline: the opening message, then alternating admin / customer comments.
	let at = createdAt;
	const span = Math.max(60, now - createdAt);
	const replies = rng.int(0, 3);
	let lastContact = createdAt;
	let lastAdmin: number | undefined;
	const replier = adminAssignee ?? rng.pick(admins);
	for (let i = 0; i < replies; i++) {
		at = Math.min(now - 30, at + rng.int(60, Math.max(61, Math.floor(span / (replies + 2)))));
		if (i % 2 === 0) {
			state.appendPart(conversation, state.newPart({ part_type: 'comment', author: adminAuthor(replier), body: `<p>${rng.pick(ADMIN_REPLIES)}</p>`, created_at: at }), false);
			addTeammate(conversation, replier.id);
			lastAdmin = at;
			conversation.statistics.first_admin_reply_at ??= at;
			conversation.statistics.time_to_admin_reply ??= at - createdAt;
		} else {
			state.appendPart(conversation, state.newPart({ part_type: 'comment', author: contactAuthor(contact), body: '<p>Any news on this?</p>', created_at: at }), false);
			lastContact = at;
		}
	}
	const stats = conversation.statistics;
	stats.last_contact_reply_at = lastContact;
	if (lastAdmin !== undefined) stats.last_admin_reply_at = lastAdmin;
	if (adminAssignee || teamAssignee) {
		stats.count_assignments = 1;
		stats.first_assignment_at = createdAt + 30;
		stats.last_assignment_at = createdAt + 30;
		stats.time_to_assignment = 30;
	}
	const customerWaiting = lastAdmin === undefined || lastContact > lastAdmin;

	if (state_ === 'closed') {
		const lastPartAt = at;
		at = Math.min(now - 10, at + rng.int(60, 3 * DAY));
		const closer = adminAssignee ?? rng.pick(admins);
		closeWithHistory(state, conversation, { contact, replier, closer, from: lastPartAt, closeAt: at, now }, closing);
	} else if (state_ === 'snoozed') {
		at = Math.min(now - 10, at + rng.int(60, DAY));
		const snoozer = adminAssignee ?? rng.pick(admins);
		state.appendPart(conversation, state.newPart({ part_type: 'snoozed', author: adminAuthor(snoozer), created_at: at }), false);
		conversation.state = 'snoozed';
		conversation.snoozed_until = now + rng.int(1, 14) * DAY;
		conversation.waiting_since = null;
	} else {
		conversation.waiting_since = customerWaiting ? lastContact : null;
	}
	conversation.updated_at = Math.max(at, createdAt);
	const tagCount = rng.chance(0.5) ? rng.int(1, 2) : 0;
	for (let i = 0; i < tagCount; i++) state.applyTag(conversation, rng.pick(tags), replier.id, createdAt + 60);
	refreshReplyStatistics(conversation);
	return conversation;
}

interface Closing {
	contact: Contact;
	replier: Admin;
	closer: Admin;
	/** The last part so far (or the creation). */
	from: number;
	/** The final close. */
	closeAt: number;
	now: number;
}

/**
 * Closes a seeded conversation the way a team does: an answer first when nobody has answered
 * yet (most of the time, always before a reopen), sometimes closed too early and reopened by the
 * customer (one or two cycles: close, customer comment, admin answer), usually a closing note in
 * the close operation's format just before the final close, and sometimes the customer's rating.
 * The statistics follow the parts: first/last close, reopens, replies.
 */
function closeWithHistory(state: SandboxState, conversation: ConversationRecord, c: Closing, rng: Prng): void {
	const stats = conversation.statistics;
	const steps: Array<'answer' | 'close' | 'customer' | 'note'> = [];
	const roll = rng.next();
	const cycles = roll < 0.06 ? 2 : roll < 0.3 ? 1 : 0;
	// Nobody closes too early before answering: a conversation that reopens was answered first.
	if (stats.first_admin_reply_at === undefined && (cycles > 0 || rng.chance(0.85))) steps.push('answer');
	for (let i = 0; i < cycles; i++) steps.push('close', 'customer', 'answer');
	if (rng.chance(0.7)) steps.push('note');
	// Evenly between the last part and the final close (at least 20 s apart, so every step has its own second).
	const gap = c.closeAt - c.from;
	const timeOf = (index: number) => c.from + Math.round((gap * (index + 1)) / (steps.length + 1));
	steps.forEach((step, index) => {
		const at = timeOf(index);
		if (step === 'answer') {
			const body = `<p>${rng.pick(ADMIN_REPLIES)}</p>`;
			state.appendPart(conversation, state.newPart({ part_type: 'comment', author: adminAuthor(c.replier), body, created_at: at }), false);
			addTeammate(conversation, c.replier.id);
			stats.first_admin_reply_at ??= at;
			stats.time_to_admin_reply ??= at - conversation.created_at;
			stats.last_admin_reply_at = at;
		} else if (step === 'close') {
			appendClose(state, conversation, c.closer, at);
		} else if (step === 'customer') {
			const body = '<p>Sorry, it is happening again.</p>';
			state.appendPart(conversation, state.newPart({ part_type: 'comment', author: contactAuthor(c.contact), body, created_at: at }), false);
			stats.count_reopens++;
			stats.last_contact_reply_at = at;
		} else {
			const body = `<p><b>Category:</b> ${rng.pick(CATEGORIES)}</p><p><b>Summary:</b> ${rng.pick(SUMMARIES)}</p>`;
			state.appendPart(conversation, state.newPart({ part_type: 'note', author: adminAuthor(c.closer), body, created_at: at }), false);
			addTeammate(conversation, c.closer.id);
		}
	});
	appendClose(state, conversation, c.closer, c.closeAt);
	conversation.state = 'closed';
	conversation.open = false;
	conversation.waiting_since = null;
	if (rng.chance(0.5)) {
		const ratedAt = Math.min(c.now - 1, c.closeAt + rng.int(60, 6 * 3600));
		conversation.conversation_rating = {
			rating: rng.pick([1, 2, 3, 4, 4, 5, 5, 5]),
			remark: rng.pick(REMARKS),
			created_at: ratedAt,
			updated_at: ratedAt,
			contact: { type: 'contact', id: c.contact.id, external_id: c.contact.external_id },
			teammate: { type: 'admin', id: c.closer.id },
		};
	}
}

function appendClose(state: SandboxState, conversation: ConversationRecord, closer: Admin, at: number): void {
	state.appendPart(conversation, state.newPart({ part_type: 'close', author: adminAuthor(closer), created_at: at }), false);
	addTeammate(conversation, closer.id);
	recordClose(conversation, closer.id, at);
}
