import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { attachTagToTicket, detachTagFromTicket } from '../../api/tickets';
import { read } from '../inputs';
import { adminIdParameter, tagParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { readTicketId, ticketIdParameter } from './common';

/** Add Tag and Remove Tag: an existing tag by the one tag rule (api/directory.ts), by name or ID. */
export function ticketTag(operation: 'addTag' | 'removeTag') {
	const properties: INodeProperties[] = [
		ticketIdParameter,
		{ ...adminIdParameter, description: `The teammate the ${operation === 'addTag' ? 'tagging' : 'untagging'} is attributed to` },
		tagParameter,
	];
	return {
		description: updateDisplayOptions({ show: { resource: ['ticket'], operation: [operation] } }, properties),
		/** Outputs the tag as Intercom returns it, with the ticket's ID. */
		async prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
			const ticketId = readTicketId(this, itemIndex);
			const tag = await read.existingTag(this, itemIndex, 'Tag', directory, read.tag(this, itemIndex));
			const adminId = await read.actingAdmin(this, itemIndex, directory);
			return async (client) => ({
				...(operation === 'addTag'
					? await attachTagToTicket(client, ticketId, adminId, tag.id)
					: await detachTagFromTicket(client, ticketId, adminId, tag)),
				ticket_id: ticketId,
			});
		},
	};
}

export const { description, prepare } = ticketTag('addTag');
