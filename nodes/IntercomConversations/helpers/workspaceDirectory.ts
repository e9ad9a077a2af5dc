import type { IntercomClient } from '../transport';

export interface Admin {
	id: string;
	name?: string;
	email?: string;
	away_mode_enabled?: boolean;
}

export interface Team {
	id: string;
	name?: string;
	admin_ids?: number[];
}

/** The workspace's admins and teams, fetched once per execution (or dropdown load) on first use. */
export class WorkspaceDirectory {
	private adminList?: Promise<Admin[]>;
	private teamList?: Promise<Team[]>;

	constructor(private readonly client: IntercomClient) {}

	async admins(): Promise<Admin[]> {
		this.adminList ??= this.client
			.request<{ admins?: Admin[] }>({ method: 'GET', path: '/admins' })
			.then((r) => (r.admins ?? []).map((a) => ({ ...a, id: String(a.id) })));
		return await this.adminList;
	}

	async teams(): Promise<Team[]> {
		this.teamList ??= this.client
			.request<{ teams?: Team[] }>({ method: 'GET', path: '/teams' })
			.then((r) => (r.teams ?? []).map((t) => ({ ...t, id: String(t.id) })));
		return await this.teamList;
	}
}
