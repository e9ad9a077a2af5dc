import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import type { Tag, WorkspaceDirectory } from '../../helpers/workspaceDirectory';
import { invalid, readNumericId } from '../common';
import type { UnassignFrom } from '../../api/conversations';
import { tagProblem, type TagMatch } from '../../api/directory';

/** Parameters and readers shared by the write operations (prepare side: validation only, no writes). */

export const unassignFromOptions = [
	{ name: 'Admin', value: 'admin', description: 'Remove the assigned teammate' },
	{ name: 'Team', value: 'team', description: 'Remove the assigned team' },
	{ name: 'Both', value: 'both', description: 'Remove the teammate, then the team (two calls)' },
];

export function readUnassignFrom(this: IExecuteFunctions, value: unknown, label: string, itemIndex: number): UnassignFrom {
	if (value === 'admin' || value === 'team' || value === 'both') return value;
	return invalid.call(this, itemIndex, label, `${JSON.stringify(value)} is not admin, team or both`, 'Choose Admin, Team or Both.');
}

/** The acting admin: a numeric ID of a teammate of this workspace (a team cannot act). */
export async function readActingAdmin(
	this: IExecuteFunctions,
	itemIndex: number,
	directory: WorkspaceDirectory,
	name = 'adminId',
	label = 'Admin',
): Promise<string> {
	const adminId = readNumericId.call(this, name, label, itemIndex);
	const [admins, teams] = await Promise.all([directory.admins(), directory.teams()]);
	if (!admins.some((a) => a.id === adminId)) {
		invalid.call(
			this,
			itemIndex,
			label,
			teams.some((t) => t.id === adminId) ? `${adminId} is a team, not an admin` : `${adminId} is not an admin of this workspace`,
			'The acting admin must be a teammate; choose one from the list.',
		);
	}
	return adminId;
}

export const tagParameter: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The tag: pick it from the list, or give its name or its ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTags', searchable: true },
		},
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. billing' },
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 7522907',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A tag ID is made of digits only' } },
			],
		},
	],
};

/** The `tag` locator: a workspace tag, or (by name only) a name no tag has yet. */
async function lookUpTag(
	this: IExecuteFunctions,
	itemIndex: number,
	directory: WorkspaceDirectory,
): Promise<Tag | { missing: string }> {
	const locator = this.getNodeParameter('tag', itemIndex) as INodeParameterResourceLocator | string;
	const { mode, value } = typeof locator === 'object' && locator !== null ? locator : { mode: 'name', value: locator };
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (text === '') invalid.call(this, itemIndex, 'Tag', 'is empty', 'Pick a tag, or give its name or ID.');
	if (mode === 'name') {
		const match = await directory.resolveTag(text);
		return 'missing' in match ? match : existingTag.call(this, itemIndex, 'Tag', match, 'Check the spelling, or pick the tag from the list.');
	}
	if (!/^\d+$/.test(text)) {
		invalid.call(this, itemIndex, 'Tag', `ID ${JSON.stringify(value)} is not a number`, 'A tag ID is made of digits only; to use a name, switch the field to "By Name".');
	}
	const match = await directory.resolveTag(text, { idOnly: true });
	return 'tag' in match ? match.tag : invalid.call(this, itemIndex, 'Tag', `ID ${text} is not a tag of this workspace`, 'Pick the tag from the list.');
}

/** The tag a match found, or the field's error (ambiguous, or not found) for this item. */
function existingTag(this: IExecuteFunctions, itemIndex: number, label: string, match: TagMatch, hint: string): Tag {
	if ('tag' in match) return match.tag;
	const refused = tagProblem(match, hint);
	return invalid.call(this, itemIndex, label, refused.problem, refused.hint);
}

/** The `tag` locator as an existing workspace tag. */
export async function readTag(this: IExecuteFunctions, itemIndex: number, directory: WorkspaceDirectory): Promise<Tag> {
	const found = await lookUpTag.call(this, itemIndex, directory);
	if (!('missing' in found)) return found;
	return invalid.call(this, itemIndex, 'Tag', `"${found.missing}" is not a tag of this workspace`, 'Check the spelling, or pick the tag from the list.');
}

/** The `tag` locator as an existing tag, or a name to create the tag with. */
export async function readTagOrNewName(
	this: IExecuteFunctions,
	itemIndex: number,
	directory: WorkspaceDirectory,
): Promise<Tag | { create: string }> {
	const found = await lookUpTag.call(this, itemIndex, directory);
	return 'missing' in found ? { create: found.missing } : found;
}

/** Comma-separated tag names or IDs (or an array from an expression), each an existing tag. */
export async function readTagList(
	this: IExecuteFunctions,
	raw: unknown,
	label: string,
	itemIndex: number,
	directory: WorkspaceDirectory,
): Promise<Tag[]> {
	const entries = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[,\n]/) : [])
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	const tags = new Map<string, Tag>();
	for (const entry of entries) {
		const match = await directory.resolveTag(entry);
		const tag = existingTag.call(this, itemIndex, label, match, 'Give existing tag names or IDs, separated by commas.');
		tags.set(tag.id, tag);
	}
	return [...tags.values()];
}

const MAX_ATTACHMENTS = 10;

/**
 * Attachment URLs: an array (from an expression) or a text with one URL per line or separated
 * by commas. Each must be an http(s) URL; Intercom accepts at most 10.
 */
export function readAttachmentUrls(this: IExecuteFunctions, itemIndex: number): string[] {
	const raw = this.getNodeParameter('attachmentUrls', itemIndex, '') as unknown;
	const label = 'Attachment URLs';
	if (raw !== null && raw !== undefined && typeof raw !== 'string' && !Array.isArray(raw)) {
		invalid.call(this, itemIndex, label, 'is not a list of URLs', 'Give URLs separated by commas or new lines, or an array of URLs.');
	}
	const urls = (Array.isArray(raw) ? raw.map((u) => String(u ?? '')) : String(raw ?? '').split(/[\s,]+/))
		.map((u) => u.trim())
		.filter((u) => u !== '');
	if (urls.length > MAX_ATTACHMENTS) {
		invalid.call(this, itemIndex, label, `has ${urls.length} URLs; Intercom accepts at most ${MAX_ATTACHMENTS}`, 'Send the others in a second reply.');
	}
	for (const url of urls) {
		let parsed: URL | undefined;
		try {
			parsed = new URL(url);
		} catch {
			parsed = undefined;
		}
		if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
			invalid.call(this, itemIndex, label, `"${url}" is not an http(s) URL`, 'Each attachment must be a public http:// or https:// URL, e.g. https://example.com/invoice.pdf.');
		}
	}
	return urls;
}
