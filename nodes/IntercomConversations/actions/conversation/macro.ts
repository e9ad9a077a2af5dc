import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { getContact } from '../../api/contacts';
import { getConversation } from '../../api/conversations';
import { getMacro, type Macro } from '../../api/macros';
import { fillMacro, needsContact, unfillable } from '../../helpers/macroText';
import type { WorkspaceDirectory } from '../../helpers/workspaceDirectory';
import { IntercomApiError, type IntercomClient } from '../../transport';
import { invalid, read } from '../inputs';

/** The Macro option of Reply and Close: a saved reply whose text becomes the message. */
export const macroParameter: INodeProperties = {
	displayName: 'Macro Name or ID',
	name: 'macroId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMacros' },
	default: '',
	description:
		'Optional saved reply whose text is sent as the message, its placeholders filled from the conversation, its contact and the admin. Intercom\'s API does not run the macro\'s actions. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/**
 * The item's macro, or undefined when none is chosen. Refused before anything is written: a
 * macro this workspace does not have, a placeholder the node cannot fill (named), or a message
 * given as well as a macro.
 */
export async function readMacro(
	ctx: IExecuteFunctions,
	itemIndex: number,
	directory: WorkspaceDirectory,
	message: { name: string; label: string },
): Promise<Macro | undefined> {
	if (!read.isSet(ctx, itemIndex, 'macroId')) return undefined;
	const id = read.numericId(ctx, itemIndex, 'macroId', 'Macro');
	const macro = await directory
		.once(`macro/${id}`, async (client) => await getMacro(client, id))
		.then(
			(found): Macro | undefined => found,
			async (error: unknown) => (error instanceof IntercomApiError && error.status === 404 ? undefined : await Promise.reject(error)),
		);
	if (!macro) {
		return invalid(ctx, itemIndex, 'Macro', `${id} is not a macro of this workspace (or not visible to this token)`, 'Choose the macro from the list.');
	}
	if (read.text(ctx, itemIndex, message.name, message.label) !== undefined) {
		invalid(ctx, itemIndex, message.label, `and Macro are both set`, `Clear the ${message.label} to send the macro's text, or clear the Macro.`);
	}
	const html = macro.body ?? '';
	if (html.trim() === '') invalid(ctx, itemIndex, 'Macro', `"${macro.name ?? id}" has no text`, 'Choose a macro with a message.');
	const refused = unfillable(html);
	if (refused.length > 0) {
		invalid(
			ctx,
			itemIndex,
			'Macro',
			`"${macro.name ?? id}" has placeholder${refused.length > 1 ? 's' : ''} ${refused.map((k) => `{{${k}}}`).join(', ')} that the node cannot fill`,
			"Intercom's API gives the node the conversation, its contact and the acting admin (user.*, conversation.*, teammate.name/first_name/email). Remove the other placeholders from the macro, or write the message yourself.",
		);
	}
	return macro;
}

/** The macro's text for this conversation, its placeholders filled from what the API reads. */
export async function macroMessage(
	client: IntercomClient,
	directory: WorkspaceDirectory,
	macro: Macro,
	conversationId: string,
	adminId: string,
): Promise<string> {
	const html = macro.body ?? '';
	const conversation = await getConversation(client, conversationId);
	const contactId = (conversation.contacts as { contacts?: Array<{ id?: string }> } | undefined)?.contacts?.[0]?.id;
	const contact = needsContact(html) && contactId ? await getContact(client, contactId) : undefined;
	const teammate = (await directory.admins()).find((a) => a.id === adminId);
	const { conversation_parts: _parts, ...fields } = conversation;
	return fillMacro(html, { conversation: fields, contact, teammate });
}

/** The output with the macro that wrote it: its id, name and actions (Intercom 2.16 sends none). */
export function withMacro(output: IDataObject, macro: Macro | undefined): IDataObject {
	if (!macro) return output;
	return { ...output, macro: { id: macro.id, name: macro.name ?? null, actions: macro.actions ?? [] } };
}
