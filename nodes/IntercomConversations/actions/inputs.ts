import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { UnassignFrom } from '../api/conversations';
import { tagProblem, type TagMatch } from '../api/directory';
import { conversationIdFrom, conversationIdFromUrl } from '../helpers/conversationRef';
import type { Tag, WorkspaceDirectory } from '../helpers/workspaceDirectory';

/**
 * Every reader of a node parameter, with one calling convention:
 *   read.text(ctx, itemIndex, 'body', 'Body', { required: true })
 * `name` is the parameter's path (`closeOptions.noteSummary`), `label` the field as the user sees
 * it. Each reader refuses bad input with "Item N: <Label> …" before any request is sent.
 *
 * Types at the edge: a text field takes a string (a number is taken as its text); an object,
 * a list, a boolean or null is refused rather than written as "[object Object]", "a,b" or "true".
 * A boolean field takes true/false or the texts "true"/"false".
 */

type Ctx = IExecuteFunctions;

/**
 * Sizes. Intercom documents no limit for a message, note or title, nor a length for its numeric
 * IDs; these bounds are ours, generous, and stated in the README:
 */
export const LIMITS = {
	/** A reply, note, closing message, title or note field: 100,000 characters (Intercom documents none). */
	text: 100_000,
	/** Conversation, admin, team and tag IDs: digits, typed integer (int64) in the OpenAPI, so at most 19. */
	idDigits: 19,
	/** A contact ID: 24 characters (the OpenAPI's contact id has minLength/maxLength 24; ours accepts up to 24). */
	contactId: 24,
};

export function invalid(ctx: Ctx, itemIndex: number, field: string, problem: string, hint: string): never {
	throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${field} ${problem}`, { itemIndex, description: hint });
}

/** What a value is, for an error: "an object", "a list", "a boolean (true)", "null". */
function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return `a boolean (${String(value)})`;
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isBlank = (value: unknown) => value === undefined || value === '' || (typeof value === 'string' && value.trim() === '');

/** A string, or a finite number as its text; anything else is refused. */
function textValue(ctx: Ctx, itemIndex: number, label: string, value: unknown, max = LIMITS.text): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		return invalid(
			ctx,
			itemIndex,
			label,
			`is ${kindOf(value)}, not text`,
			'Map a text value here (e.g. {{ $json.summary }}), or turn the value into text in the expression, e.g. with JSON.stringify().',
		);
	}
	if (value.length > max) {
		invalid(ctx, itemIndex, label, `is ${value.length.toLocaleString('en-US')} characters long; the limit is ${max.toLocaleString('en-US')}`, 'Shorten it, or split it into several messages.');
	}
	return value;
}

/**
 * The raw value of a parameter (for JSON, dates and collections, which their own readers check).
 * A path into a collection reads the whole collection first, so an expression that gives the
 * whole collection (`"filters": "={{ $json.filters }}"`) is read like one set field by field.
 */
function raw(ctx: Ctx, itemIndex: number, name: string, fallback?: unknown): unknown {
	const [top, ...path] = name.split('.');
	let value = ctx.getNodeParameter(top, itemIndex, path.length > 0 ? {} : fallback) as unknown;
	for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
	return value === undefined ? fallback : value;
}

/** Whether a parameter holds something (not absent, empty text or an empty list). */
function isSet(ctx: Ctx, itemIndex: number, name: string): boolean {
	const value = raw(ctx, itemIndex, name, undefined);
	return !(isBlank(value) || (Array.isArray(value) && value.length === 0));
}

interface TextOptions {
	max?: number;
	trim?: boolean;
}

/** A text field. Required: empty or blank is refused. Optional: empty or blank is undefined. */
function text(ctx: Ctx, itemIndex: number, name: string, label: string, options: TextOptions & { required: true }): string;
function text(ctx: Ctx, itemIndex: number, name: string, label: string, options?: TextOptions & { required?: false }): string | undefined;
function text(
	ctx: Ctx,
	itemIndex: number,
	name: string,
	label: string,
	{ required = false, max, trim = false }: TextOptions & { required?: boolean } = {},
): string | undefined {
	const value = raw(ctx, itemIndex, name, '');
	const checked = value === undefined ? '' : textValue(ctx, itemIndex, label, value, max);
	if (checked.trim() !== '') return trim ? checked.trim() : checked;
	if (required) invalid(ctx, itemIndex, label, 'is empty', `Enter the ${label.toLowerCase()}, or map it from an earlier node.`);
	return undefined;
}

/** A boolean field: true or false, or the texts "true" and "false". */
function boolean(ctx: Ctx, itemIndex: number, name: string, label: string, fallback: boolean): boolean {
	const value = raw(ctx, itemIndex, name, fallback);
	if (value === undefined) return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	return invalid(
		ctx,
		itemIndex,
		label,
		`is ${typeof value === 'string' ? JSON.stringify(value) : kindOf(value)}, not true or false`,
		'Turn the switch on or off, or map a boolean: true or false (or the text "true" or "false").',
	);
}

/** A whole number from `min` to `max` (a number, or digits as text). */
function wholeNumber(
	ctx: Ctx,
	itemIndex: number,
	name: string,
	label: string,
	{ min, max = Number.MAX_SAFE_INTEGER, fallback, hint }: { min: number; max?: number; fallback: number; hint: string },
): number {
	const value = raw(ctx, itemIndex, name, fallback);
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
		invalid(ctx, itemIndex, label, `${JSON.stringify(value) ?? 'undefined'} is not a whole number ${range}`, hint);
	}
	return n as number;
}

/** A number of days, 0 or more (fractions allowed). */
function days(ctx: Ctx, itemIndex: number, name: string, label: string): number {
	const value = raw(ctx, itemIndex, name, undefined);
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(n) || n < 0) {
		invalid(ctx, itemIndex, label, `${JSON.stringify(value) ?? 'undefined'} is not a number of days`, 'Enter a number of days, 0 or more (e.g. 7).');
	}
	return n;
}

/** One of `allowed` (an options field). */
function choice<T extends string>(ctx: Ctx, itemIndex: number, name: string, label: string, allowed: readonly T[], fallback: T): T {
	const value = raw(ctx, itemIndex, name, fallback);
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	return invalid(ctx, itemIndex, label, `${JSON.stringify(value) ?? 'undefined'} is not one of ${allowed.join(', ')}`, `Choose ${label} from the list.`);
}

/** Several of `allowed` (a multi-options field), without repeats; none is []. */
function choices(ctx: Ctx, itemIndex: number, name: string, label: string, allowed: readonly string[]): string[] {
	const value = raw(ctx, itemIndex, name, []);
	const list = Array.isArray(value) ? value : isBlank(value) ? [] : [value];
	for (const v of list) {
		if (typeof v !== 'string' || !allowed.includes(v)) {
			invalid(ctx, itemIndex, label, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`, `Choose ${label} from the list.`);
		}
	}
	return [...new Set(list as string[])];
}

/** A numeric Intercom ID from a dropdown or an expression (admins, teams, assignees). */
function numericId(ctx: Ctx, itemIndex: number, name: string, label: string): string {
	const value = raw(ctx, itemIndex, name, '');
	const id = idText(ctx, itemIndex, label, value);
	if (id === '') invalid(ctx, itemIndex, label, 'is empty', `Choose the ${label.toLowerCase()} from the list, or map its ID.`);
	if (!/^\d+$/.test(id)) {
		invalid(ctx, itemIndex, label, `${JSON.stringify(value)} is not a numeric ID`, `An Intercom ${label.toLowerCase()} ID is made of digits only.`);
	}
	return digitsWithin(ctx, itemIndex, label, id);
}

/** An ID's text: a string (trimmed) or a number; objects, lists, booleans and null are refused. */
function idText(ctx: Ctx, itemIndex: number, label: string, value: unknown): string {
	if (value === undefined) return '';
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
	if (typeof value === 'string') return value.trim();
	return invalid(ctx, itemIndex, label, `is ${kindOf(value)}, not an ID`, `Map the ${label.toLowerCase()}'s ID (digits), not the whole object.`);
}

function digitsWithin(ctx: Ctx, itemIndex: number, label: string, id: string): string {
	if (id.length > LIMITS.idDigits) {
		invalid(ctx, itemIndex, label, `ID has ${id.length} digits; Intercom's IDs have at most ${LIMITS.idDigits}`, 'Check that the whole field holds one ID.');
	}
	return id;
}

const looksLikeUrl = (text: string) => /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(text) || /intercom\.(com|io)\//i.test(text);

/**
 * The `conversationId` locator. Hand-written JSON may give a plain value instead of
 * `{ mode, value }`: digits are an ID, a URL is read as an inbox URL.
 */
function conversationId(ctx: Ctx, itemIndex: number): string {
	const label = 'Conversation';
	const locator = raw(ctx, itemIndex, 'conversationId', '');
	const isLocator = typeof locator === 'object' && locator !== null && !Array.isArray(locator) && 'value' in locator;
	const value = isLocator ? (locator as { value: unknown }).value : locator;
	const text = idText(ctx, itemIndex, label, value);
	const mode = isLocator ? (locator as { mode?: unknown }).mode : looksLikeUrl(text) ? 'url' : 'id';
	if (mode === 'url') {
		const id = conversationIdFromUrl(text) ?? conversationIdFrom(text);
		if (id) return digitsWithin(ctx, itemIndex, label, id);
		invalid(
			ctx,
			itemIndex,
			label,
			`${JSON.stringify(text)} is not an Intercom conversation URL`,
			'Paste the URL of a conversation from the Intercom inbox (https://app.intercom.com/a/inbox/<app>/inbox/conversation/<ID>), or its numeric ID.',
		);
	}
	const id = conversationIdFrom(text);
	if (id) return digitsWithin(ctx, itemIndex, label, id);
	if (text === '') invalid(ctx, itemIndex, label, 'is empty', 'Enter the numeric conversation ID, or map it from an earlier node.');
	return invalid(
		ctx,
		itemIndex,
		label,
		`ID ${JSON.stringify(text)} is not a number`,
		'A conversation ID is made of digits only, e.g. 215474005156281. To use an inbox URL, switch the field to "By URL".',
	);
}

const CONTACT_ID = new RegExp(`^[A-Za-z0-9_-]{1,${LIMITS.contactId}}$`);

function contactId(ctx: Ctx, itemIndex: number): string {
	const label = 'Contact ID';
	const value = raw(ctx, itemIndex, 'contactId', '');
	const id = idText(ctx, itemIndex, label, value);
	if (id === '') invalid(ctx, itemIndex, label, 'is empty', "Enter the contact's Intercom ID, or map it from an earlier node.");
	return checkedContactId(ctx, itemIndex, label, value, id);
}

/** `id` when it has the shape of a contact ID; else refused, quoting `value` as given. */
function checkedContactId(ctx: Ctx, itemIndex: number, label: string, value: unknown, id: string, hint = ''): string {
	if (CONTACT_ID.test(id)) return id;
	return invalid(
		ctx,
		itemIndex,
		label,
		`${JSON.stringify(value)} is not an Intercom contact ID`,
		`A contact ID is at most ${LIMITS.contactId} letters and digits, e.g. 6762f0ad1bb69f9f2193bb62.${hint}`,
	);
}

/** A contact given by its Intercom ID or by its email (the lookup happens when the item is sent). */
export type ContactRef = { by: 'id'; id: string } | { by: 'email'; email: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A contact's page in Intercom: https://app.intercom.com/a/apps/<app>/users/<contact ID>/… (EU/AU hosts too). */
export const CONTACT_URL_PATTERN = 'intercom\\.(?:com|io)/a/apps/[^/]+/(?:users|leads|contacts)/([A-Za-z0-9_-]{1,24})(?:[/?#]|$)';

/**
 * A contact locator (`contact`: By ID, By Email, By URL of the contact's Intercom page). Hand-written
 * JSON may give a plain value: an email has an @, a URL is read as a contact page, else an ID.
 */
function contact(ctx: Ctx, itemIndex: number, name = 'contact', label = 'Contact'): ContactRef {
	const locator = raw(ctx, itemIndex, name, '');
	const isLocator = typeof locator === 'object' && locator !== null && !Array.isArray(locator) && 'value' in locator;
	const value = isLocator ? (locator as { value: unknown }).value : locator;
	const text = idText(ctx, itemIndex, label, value);
	if (text === '') invalid(ctx, itemIndex, label, 'is empty', "Enter the contact's Intercom ID or email, or map it from an earlier node.");
	const mode = isLocator ? (locator as { mode?: unknown }).mode : text.includes('@') ? 'email' : looksLikeUrl(text) ? 'url' : 'id';
	if (mode === 'email') {
		if (!EMAIL.test(text)) invalid(ctx, itemIndex, label, `${JSON.stringify(text)} is not an email address`, 'Enter the email of the contact, e.g. jane@example.com.');
		return { by: 'email', email: text };
	}
	if (mode === 'url') {
		const id = new RegExp(CONTACT_URL_PATTERN, 'i').exec(text)?.[1];
		if (id) return { by: 'id', id };
		invalid(
			ctx,
			itemIndex,
			label,
			`${JSON.stringify(text)} is not the URL of an Intercom contact`,
			"Paste the URL of the contact's page in Intercom (https://app.intercom.com/a/apps/<app>/users/<ID>/…), or switch the field to By ID or By Email.",
		);
	}
	return { by: 'id', id: checkedContactId(ctx, itemIndex, label, text, text, ' To give an email, switch the field to By Email.') };
}

/**
 * THE acting-admin rule, for every operation that acts as a teammate (notes, replies, closes,
 * assignments, tags, snoozes, priority changes): a numeric ID of an admin of this workspace,
 * checked against the workspace's admins (read once per execution) before anything is sent.
 * A team cannot act: its ID is refused as one.
 */
async function actingAdmin(
	ctx: Ctx,
	itemIndex: number,
	directory: WorkspaceDirectory,
	{ name = 'adminId', label = 'Admin' }: { name?: string; label?: string } = {},
): Promise<string> {
	const adminId = numericId(ctx, itemIndex, name, label);
	if ((await directory.admins()).some((a) => a.id === adminId)) return adminId;
	const isTeam = (await directory.teams()).some((t) => t.id === adminId);
	return invalid(
		ctx,
		itemIndex,
		label,
		isTeam ? `${adminId} is a team, not an admin` : `${adminId} is not an admin of this workspace`,
		'The acting admin must be a teammate; choose one from the list.',
	);
}

/** The assignee of Assign: an admin or a team of this workspace, matching Assignee Type. */
async function assignee(ctx: Ctx, itemIndex: number, directory: WorkspaceDirectory, type: 'admin' | 'team'): Promise<string> {
	const id = numericId(ctx, itemIndex, 'assigneeId', 'Assignee');
	const [admins, teams] = await Promise.all([directory.admins(), directory.teams()]);
	const isAdmin = admins.some((a) => a.id === id);
	const isTeam = teams.some((t) => t.id === id);
	if (type === 'admin' ? isAdmin : isTeam) return id;
	return invalid(
		ctx,
		itemIndex,
		'Assignee',
		(type === 'admin' ? isTeam : isAdmin)
			? `${id} is a ${type === 'admin' ? 'team' : 'teammate'}, but Assignee Type is ${type === 'admin' ? 'Admin' : 'Team'}`
			: `${id} is not ${type === 'admin' ? 'an admin' : 'a team'} of this workspace`,
		'Choose the assignee from the list, or set Assignee Type to match the ID.',
	);
}

const UNASSIGN_FROM: readonly UnassignFrom[] = ['admin', 'team', 'both'];

function unassignFrom(ctx: Ctx, itemIndex: number, name: string, label: string): UnassignFrom {
	return choice(ctx, itemIndex, name, label, UNASSIGN_FROM, 'both');
}

const MAX_ATTACHMENTS = 10;

/**
 * Attachment URLs: a list of texts (from an expression) or a text with one URL per line or
 * separated by commas. Each must be an http(s) URL; Intercom accepts at most 10.
 */
function attachmentUrls(ctx: Ctx, itemIndex: number): string[] {
	const label = 'Attachment URLs';
	const value = raw(ctx, itemIndex, 'attachmentUrls', '');
	const entries = Array.isArray(value)
		? value.map((u, i) => textValue(ctx, itemIndex, `${label} (entry ${i + 1})`, u))
		: value === undefined
			? []
			: textValue(ctx, itemIndex, label, value).split(/[\s,]+/);
	const urls = entries.map((u) => u.trim()).filter((u) => u !== '');
	if (urls.length > MAX_ATTACHMENTS) {
		invalid(ctx, itemIndex, label, `has ${urls.length} URLs; Intercom accepts at most ${MAX_ATTACHMENTS}`, 'Send the others in a second reply.');
	}
	for (const url of urls) {
		let parsed: URL | undefined;
		try {
			parsed = new URL(url);
		} catch {
			parsed = undefined;
		}
		if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
			invalid(ctx, itemIndex, label, `"${url}" is not an http(s) URL`, 'Each attachment must be a public http:// or https:// URL, e.g. https://example.com/invoice.pdf.');
		}
	}
	return urls;
}

/** A tag as the user gave it; the one tag rule (api/directory.ts `resolveTag`) decides which tag it is. */
export interface TagRef {
	text: string;
	/** The locator's "By ID" and "From List" modes: an existing tag's ID only. */
	idOnly: boolean;
}

/** The `tag` locator (or a plain value from hand-written JSON, read like "By Name": an existing ID, else a name). */
function tag(ctx: Ctx, itemIndex: number): TagRef {
	const label = 'Tag';
	const locator = raw(ctx, itemIndex, 'tag', '');
	const isLocator = typeof locator === 'object' && locator !== null && !Array.isArray(locator) && 'value' in locator;
	const mode = isLocator ? (locator as { mode?: unknown }).mode : 'name';
	const value = isLocator ? (locator as { value: unknown }).value : locator;
	const text = value === undefined ? '' : textValue(ctx, itemIndex, label, value).trim();
	if (text === '') invalid(ctx, itemIndex, label, 'is empty', 'Pick a tag, or give its name or ID.');
	if (mode === 'id' && !/^\d+$/.test(text)) {
		invalid(ctx, itemIndex, label, `ID ${JSON.stringify(text)} is not a number`, 'A tag ID is made of digits only; to use a name, switch the field to "By Name".');
	}
	return { text, idOnly: mode !== 'name' };
}

/** Tag names or IDs: a text separated by commas or new lines, or a list of texts from an expression. */
function tagList(ctx: Ctx, itemIndex: number, name: string, label: string): TagRef[] {
	const value = raw(ctx, itemIndex, name, '');
	const entries = Array.isArray(value)
		? value.map((t, i) => textValue(ctx, itemIndex, `${label} (entry ${i + 1})`, t))
		: value === undefined
			? []
			: textValue(ctx, itemIndex, label, value).split(/[,\n]/);
	return entries.map((t) => t.trim()).filter((t) => t !== '').map((text) => ({ text, idOnly: false }));
}

/** The workspace tag a reference names, by the one tag rule; refused (naming the field) when none or several. */
async function existingTag(
	ctx: Ctx,
	itemIndex: number,
	label: string,
	directory: WorkspaceDirectory,
	ref: TagRef,
	hint = 'Check the spelling, or pick the tag from the list.',
): Promise<Tag> {
	const match = await directory.resolveTag(ref.text, { idOnly: ref.idOnly });
	if ('tag' in match) return match.tag;
	return refuseTag(ctx, itemIndex, label, ref, match, hint);
}

function refuseTag(ctx: Ctx, itemIndex: number, label: string, ref: TagRef, match: Exclude<TagMatch, { tag: Tag }>, hint: string): never {
	if (ref.idOnly) return invalid(ctx, itemIndex, label, `ID ${ref.text} is not a tag of this workspace`, 'Pick the tag from the list.');
	const refused = tagProblem(match, hint);
	return invalid(ctx, itemIndex, label, refused.problem, refused.hint);
}

/** The workspace tag, or (given by name, no tag has it) the name to create the tag with. */
async function tagOrNewName(ctx: Ctx, itemIndex: number, directory: WorkspaceDirectory, ref: TagRef): Promise<Tag | { create: string }> {
	const match = await directory.resolveTag(ref.text, { idOnly: ref.idOnly });
	if ('tag' in match) return match.tag;
	if ('missing' in match && !ref.idOnly) return { create: match.missing };
	return refuseTag(ctx, itemIndex, 'Tag', ref, match, 'Check the spelling, or pick the tag from the list.');
}

/** A moment as Unix seconds: an ISO date-time, a Date or Luxon DateTime, or a number (seconds, or milliseconds). */
function moment(ctx: Ctx, itemIndex: number, name: string, label: string): number {
	const value = raw(ctx, itemIndex, name, undefined);
	const toMs = (v: unknown): number => {
		if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
		if (typeof v === 'string') return /^\d+$/.test(v.trim()) ? toMs(Number(v)) : Date.parse(v);
		if (v instanceof Date) return v.getTime();
		if (v && typeof (v as { toMillis?: unknown }).toMillis === 'function') return (v as { toMillis(): number }).toMillis();
		return NaN;
	};
	const ms = toMs(value);
	if (!Number.isFinite(ms)) {
		invalid(ctx, itemIndex, label, `${JSON.stringify(value) ?? 'undefined'} is not a date`, 'Pick a date and time, or map an ISO 8601 date (e.g. 2026-01-31T09:00:00Z).');
	}
	return Math.floor(ms / 1000);
}

/** Return All / Limit (`returnAllParameters`): Infinity with Return All, else the limit, 1 or more. */
function limit(ctx: Ctx, itemIndex: number, noun: string): number {
	if (boolean(ctx, itemIndex, 'returnAll', 'Return All', false)) return Infinity;
	return wholeNumber(ctx, itemIndex, 'limit', 'Limit', { min: 1, fallback: 50, hint: `Enter how many ${noun} to return, or turn on Return All.` });
}

export const read = {
	raw,
	isSet,
	text,
	boolean,
	wholeNumber,
	limit,
	days,
	choice,
	choices,
	numericId,
	conversationId,
	contactId,
	contact,
	actingAdmin,
	assignee,
	unassignFrom,
	attachmentUrls,
	tag,
	tagList,
	existingTag,
	tagOrNewName,
	moment,
};

export interface ExecutionOptions {
	/** At most this many items in flight; undefined: Auto (the router decides). */
	concurrency: number | undefined;
	maxAttempts: number;
	timeoutMs: number;
}

/** The Options collection (read from the first item). Concurrency 0 or absent is Auto. */
export function executionOptions(ctx: Ctx): ExecutionOptions {
	const options = (raw(ctx, 0, 'options', {}) ?? {}) as { concurrency?: unknown; maxAttempts?: unknown; timeout?: unknown };
	const whole = (value: unknown, fallback: number, min: number, max: number) => {
		const n = Number(value ?? fallback);
		return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
	};
	const concurrency = whole(options.concurrency, 0, 0, 256);
	return {
		concurrency: concurrency === 0 ? undefined : concurrency,
		maxAttempts: whole(options.maxAttempts, 5, 1, 10),
		timeoutMs: whole(options.timeout, 30_000, 1_000, 600_000),
	};
}
