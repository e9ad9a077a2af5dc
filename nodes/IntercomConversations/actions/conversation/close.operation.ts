import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { Tag } from '../../helpers/workspaceDirectory';
import { read } from '../inputs';
import { markUnchanged } from '../simplify';
import { adminIdParameter, conversationIdParameter, unassignFromOptions } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { macroMessage, macroParameter, readMacro, withMacro } from './macro';
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
	macroParameter,
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

/** The note is HTML: a category or summary such as "refund < 50 €" must stay text. */
const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One internal note from the category and the summary, or undefined when both are empty. */
function closingNote(this: IExecuteFunctions, itemIndex: number): string | undefined {
	const category = read.text(this, itemIndex, 'closeOptions.noteCategory', 'Closing Note Category', { trim: true });
	const summary = read.text(this, itemIndex, 'closeOptions.noteSummary', 'Closing Note Summary', { trim: true });
	const lines = [
		category && `<p><b>Category:</b> ${escapeHtml(category)}</p>`,
		summary && `<p><b>Summary:</b> ${escapeHtml(summary)}</p>`,
	].filter(Boolean);
	return lines.length > 0 ? lines.join('') : undefined;
}

/**
 * Calls, in order: read the state (Skip If Already Closed) → the internal note → the tags →
 * the unassignment(s) → the close, last, so the conversation ends closed. Outputs the closed
 * conversation with every part the operation added.
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const macro = await readMacro(this, itemIndex, directory, { name: 'body', label: 'Closing Message' });
	const body = read.text(this, itemIndex, 'body', 'Closing Message');
	const note = closingNote.call(this, itemIndex);
	const tagRefs = read.tagList(this, itemIndex, 'closeOptions.tags', 'Tags');
	const from: UnassignFrom | undefined = read.isSet(this, itemIndex, 'closeOptions.unassign')
		? read.unassignFrom(this, itemIndex, 'closeOptions.unassign', 'Unassign After Closing')
		: undefined;
	const skipIfClosed = read.boolean(this, itemIndex, 'closeOptions.skipIfClosed', 'Skip If Already Closed', false);
	const tags: Tag[] = [];
	for (const ref of tagRefs) {
		const tag = await read.existingTag(this, itemIndex, 'Tags', directory, ref, 'Give existing tag names or IDs, separated by commas.');
		if (!tags.some((t) => t.id === tag.id)) tags.push(tag);
	}
	const adminId = await read.actingAdmin(this, itemIndex, directory);

	return async (client) => {
		if (skipIfClosed) {
			const current = await getConversation(client, conversationId);
			if (current.state === 'closed') return markUnchanged(current);
		}
		const earlier: Conversation[] = [];
		if (note !== undefined) earlier.push(await reply(client, conversationId, adminId, 'note', note));
		for (const tag of tags) await attachTag(client, conversationId, adminId, tag.id);
		if (from !== undefined) earlier.push(...(await unassign(client, conversationId, adminId, from)));
		const message = macro ? await macroMessage(client, directory, macro, conversationId, adminId) : body;
		const closed = await close(client, conversationId, adminId, message);
		return withMacro(earlier.length > 0 ? withParts(closed, earlier) : closed, macro);
	};
}
