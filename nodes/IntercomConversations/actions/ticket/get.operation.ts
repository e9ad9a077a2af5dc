import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { getTicket } from '../../api/tickets';
import type { Send } from '../types';
import { readTicketId, ticketIdParameter } from './common';

const properties: INodeProperties[] = [ticketIdParameter];

export const description = updateDisplayOptions({ show: { resource: ['ticket'], operation: ['get'] } }, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const ticketId = readTicketId(this, itemIndex);
	return async (client) => await getTicket(client, ticketId);
}
