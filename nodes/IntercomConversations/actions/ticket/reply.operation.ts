import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { replyToTicket } from '../../api/tickets';
import { read } from '../inputs';
import { adminIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { readTicketId, ticketIdParameter } from './common';

/** Reply and Add Note: POST /tickets/{id}/reply as a `comment` (the customer sees it) or a `note`. */
export function ticketReply(operation: 'reply' | 'addNote') {
	const note = operation === 'addNote';
	const properties: INodeProperties[] = [
		ticketIdParameter,
		{ ...adminIdParameter, description: `The teammate shown as the author of the ${note ? 'note' : 'reply'}` },
		{
			displayName: note ? 'Note' : 'Message',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			description: note ? 'The internal note, seen by teammates only. Accepts some HTML.' : 'The reply the customer sees. Accepts some HTML.',
		},
	];
	return {
		description: updateDisplayOptions({ show: { resource: ['ticket'], operation: [operation] } }, properties),
		/** Writes the part exactly once; outputs it, with the ticket's ID. */
		async prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
			const ticketId = readTicketId(this, itemIndex);
			const body = read.text(this, itemIndex, 'body', note ? 'Note' : 'Message', { required: true });
			const adminId = await read.actingAdmin(this, itemIndex, directory);
			return async (client) => ({ ...(await replyToTicket(client, ticketId, adminId, note ? 'note' : 'comment', body)), ticket_id: ticketId });
		},
	};
}

export const { description, prepare } = ticketReply('reply');
