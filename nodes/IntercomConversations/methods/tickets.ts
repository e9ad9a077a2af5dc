import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { listMacros } from '../api/macros';
import { listTicketStates, listTicketTypes, type TicketType } from '../api/tickets';
import { WorkspaceDirectory } from '../helpers/workspaceDirectory';
import { intercomClient } from '../transport';

/** Dropdowns of the ticket operations and of the Macro option. */

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

const typeOptions = (types: TicketType[]) =>
	types
		.filter((t) => t.archived !== true)
		.map((t) => ({ name: t.name ?? t.id, value: t.id, description: t.category }))
		.sort(byName);

export async function getTicketTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return typeOptions(await listTicketTypes(await intercomClient.call(this)));
}

/** Convert to Ticket: a conversation converts to a customer ticket type only. */
export async function getCustomerTicketTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return typeOptions((await listTicketTypes(await intercomClient.call(this))).filter((t) => t.category === undefined || t.category === 'Customer'));
}

/** The chosen ticket type's attributes (title and description have their own fields on Create). */
export async function getTicketTypeAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const typeId = String(this.getCurrentNodeParameter('ticketTypeId') ?? '');
	const type = (await listTicketTypes(await intercomClient.call(this))).find((t) => t.id === typeId);
	return (type?.ticket_type_attributes?.ticket_type_attributes ?? [])
		.filter((a) => a.archived !== true && !a.name.startsWith('_default_'))
		.map((a) => ({
			name: a.name,
			value: a.name,
			description: [a.data_type, a.required_to_create ? 'required' : undefined].filter(Boolean).join(' · ') || undefined,
		}));
}

export async function getTicketStates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listTicketStates(await intercomClient.call(this))).map((s) => ({
		name: s.internal_label ?? s.id,
		value: s.id,
		description: [s.category, s.external_label && `customers see "${s.external_label}"`].filter(Boolean).join(' · '),
	}));
}

/** Admins and teams, and Unassigned (0), for a ticket's single assignee. */
export async function getTicketAssignees(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const directory = new WorkspaceDirectory(await intercomClient.call(this));
	const [admins, teams] = await Promise.all([directory.admins(), directory.teams()]);
	return [
		{ name: 'Unassigned', value: '0', description: 'No teammate and no team' },
		...admins.map((a) => ({ name: a.name ?? a.id, value: a.id, description: 'Teammate' })).sort(byName),
		...teams.map((t) => ({ name: t.name ?? t.id, value: t.id, description: 'Team' })).sort(byName),
	];
}

export async function getMacros(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listMacros(await intercomClient.call(this)))
		.map((m) => {
			const text = (m.body_text ?? '').replace(/\s+/g, ' ').trim();
			return { name: m.name ?? m.id, value: m.id, description: text.length > 80 ? `${text.slice(0, 77)}…` : text || undefined };
		})
		.sort(byName);
}
