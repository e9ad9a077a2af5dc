import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { convertToTicket, TITLE_ATTRIBUTE } from '../../api/tickets';
import { read } from '../inputs';
import { conversationIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { attributeParameters, readAttributes, readTicketType, ticketTypeParameter } from '../ticket/common';

const properties: INodeProperties[] = [
	conversationIdParameter,
	ticketTypeParameter('getCustomerTicketTypes'),
	...attributeParameters("The ticket type's attributes; the ones it requires must be given"),
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['convertToTicket'] } }, properties);

/**
 * POST /conversations/{id}/convert to a customer ticket type; outputs the ticket. A conversation
 * converts once: after an ambiguous failure the conversation is read back for its ticket.
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const type = await readTicketType(this, itemIndex, directory, { customerOnly: true });
	// The title defaults to the conversation's; the others the type requires must be given.
	const attributes = readAttributes(this, itemIndex, type, { required: true, given: { [TITLE_ATTRIBUTE]: 'from the conversation' } });
	return async (client) => await convertToTicket(client, conversationId, type.id, attributes);
}
