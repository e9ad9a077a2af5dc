import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { WorkspaceDirectory } from '../helpers/workspaceDirectory';
import { intercomClient } from '../transport';

export { getCustomerTicketTypes, getMacros, getTicketAssignees, getTicketStates, getTicketTypeAttributes, getTicketTypes } from './tickets';

async function directory(this: ILoadOptionsFunctions): Promise<WorkspaceDirectory> {
	return new WorkspaceDirectory(await intercomClient.call(this));
}

export async function getAdmins(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const admins = await (await directory.call(this)).admins();
	return admins
		.map((a) => ({
			name: a.name ?? a.id,
			value: a.id,
			description: [a.email, a.away_mode_enabled ? 'away' : undefined].filter(Boolean).join(' · ') || undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const teams = await (await directory.call(this)).teams();
	return teams
		.map((t) => ({ name: t.name ?? t.id, value: t.id, description: `${t.admin_ids?.length ?? 0} members` }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Admins or teams, following the Assignee Type chosen next to it. */
export async function getAssignees(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const type = this.getCurrentNodeParameter('assigneeType') as string | undefined;
	return type === 'team' ? await getTeams.call(this) : await getAdmins.call(this);
}
