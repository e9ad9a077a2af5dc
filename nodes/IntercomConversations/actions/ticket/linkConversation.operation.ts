import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { linkConversation, unlinkConversation } from '../../api/tickets';
import { read } from '../inputs';
import { conversationIdParameter } from '../parameters';
import type { Send } from '../types';
import { readTicketId, ticketIdParameter } from './common';

/** Link and Unlink: a conversation (or customer ticket) to a tracker ticket; outputs the conversation. */
export function ticketLink(operation: 'linkConversation' | 'unlinkConversation') {
	const properties: INodeProperties[] = [
		{ ...ticketIdParameter, displayName: 'Tracker Ticket ID', description: "The tracker ticket's Intercom ID (only tracker tickets link conversations)" },
		conversationIdParameter,
	];
	return {
		description: updateDisplayOptions({ show: { resource: ['ticket'], operation: [operation] } }, properties),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
			const ticketId = readTicketId(this, itemIndex, 'ticketId', 'Tracker Ticket ID');
			const conversationId = read.conversationId(this, itemIndex);
			return async (client) =>
				operation === 'linkConversation'
					? await linkConversation(client, ticketId, conversationId)
					: await unlinkConversation(client, ticketId, conversationId);
		},
	};
}

export const { description, prepare } = ticketLink('linkConversation');
