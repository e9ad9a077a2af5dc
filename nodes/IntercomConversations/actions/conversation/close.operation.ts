import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { Tag } from '../../helpers/workspaceDirectory';
import { adminIdParameter, conversationIdParameter, readConversationId, readNumericId, readText } from '../common';
import type { PrepareContext, Send } from '../types';
import { readActingAdmin, readTagList, readUnassignFrom, unassignFromOptions } from './inputs';
import { attachTag, close, getConversation, reply, unassign, withParts, type Conversation, type UnassignFrom } from '../../api/conversations';

const properties: INodeProperties[] = [
	conversationIdParameter,
	adminIdParameter,
	{
		displayName: 'Closing Message',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Optional message left in the conversation as it closes. The customer sees it.',
	},
	{
		displayName: 'Options',
		name: 'closeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Closing Note Category',
				name: 'noteCategory',
				type: 'string',
				default: '',
				placeholder: 'e.g. Billing',
				description: 'Written with the summary as one internal note before closing; the customer does not see it',
			},
			{
				displayName: 'Closing Note Summary',
				name: 'noteSummary',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'e.g. Refund issued for the duplicate charge',
				description: 'Written with the category as one internal note before closing; the customer does not see it',
			},
			{
				displayName: 'Skip If Already Closed',
				name: 'skipIfClosed',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the conversation first and, when it is already closed, output it unchanged without writing anything (no note, tags, unassignment or second close)',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'e.g. billing, refund',
				description: 'Existing tags to apply before closing: names or IDs, separated by commas',
			},
			{
				displayName: 'Unassign After Closing',
				name: 'unassign',
				type: 'options',
				default: 'both',
				options: unassignFromOptions,
				description:
					'Leave the closed conversation without this assignee. The unassignment is sent just before the close, so the close is the last change and the conversation ends closed even where an assignment change would reopen it.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['close'] } },
	properties,
);

interface CloseOptions {
	noteCategory?: unknown;
	noteSummary?: unknown;
	skipIfClosed?: unknown;
	tags?: unknown;
	unassign?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');

/** The note is HTML: a category or summary such as "refund < 50 €" must stay text. */
const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One internal note from the category and the summary, or undefined when both are empty. */
function closingNote(options: CloseOptions): string | undefined {
	const lines = [
		text(options.noteCategory) && `<p><b>Category:</b> ${escapeHtml(text(options.noteCategory))}</p>`,
		text(options.noteSummary) && `<p><b>Summary:</b> ${escapeHtml(text(options.noteSummary))}</p>`,
	].filter(Boolean);
	return lines.length > 0 ? lines.join('') : undefined;
}

/**
 * Calls, in order: read the state (Skip If Already Closed) → the internal note → the tags →
 * the unassignment(s) → the close, last, so the conversation ends closed. Outputs the closed
 * conversation with every part the operation added.
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = readConversationId.call(this, itemIndex);
	const body = readText.call(this, 'body', 'Closing Message', itemIndex, false);
	const options = this.getNodeParameter('closeOptions', itemIndex, {}) as CloseOptions;
	const note = closingNote(options);
	const tags: Tag[] = await readTagList.call(this, options.tags, 'Tags', itemIndex, directory);
	const from: UnassignFrom | undefined =
		options.unassign === undefined || options.unassign === ''
			? undefined
			: readUnassignFrom.call(this, options.unassign, 'Unassign After Closing', itemIndex);
	const skipIfClosed = options.skipIfClosed === true;
	// A plain close keeps to one request; the extra calls are checked against the workspace's admins first.
	const adminId =
		note !== undefined || tags.length > 0 || from !== undefined
			? await readActingAdmin.call(this, itemIndex, directory)
			: readNumericId.call(this, 'adminId', 'Admin', itemIndex);

	return async (client) => {
		if (skipIfClosed) {
			const current = await getConversation(client, conversationId);
			if (current.state === 'closed') return current;
		}
		const earlier: Conversation[] = [];
		if (note !== undefined) earlier.push(await reply(client, conversationId, adminId, 'note', note));
		for (const tag of tags) await attachTag(client, conversationId, adminId, tag.id);
		if (from !== undefined) earlier.push(...(await unassign(client, conversationId, adminId, from)));
		const closed = await close(client, conversationId, adminId, body);
		return earlier.length > 0 ? withParts(closed, earlier) : closed;
	};
}
