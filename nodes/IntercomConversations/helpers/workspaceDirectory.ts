import type { IntercomClient } from '../transport';

export interface Admin {
	id: string;
	name?: string;
	email?: string;
	away_mode_enabled?: boolean;
}

export interface Tag {
	id: string;
	name: string;
}

export interface Team {
	id: string;
	name?: string;
	admin_ids?: number[];
}

/** Intercom compares tag names without regard to case. */
const tagKey = (name: string): string => name.trim().toLowerCase();

/** The workspace's admins, teams and tags, fetched once per execution (or dropdown load) on first use. */
export class WorkspaceDirectory {
	private adminList?: Promise<Admin[]>;
	private teamList?: Promise<Team[]>;
	private tagList?: Promise<Tag[]>;
	private readonly createdTags = new Map<string, Promise<Tag>>();

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

	/** GET /tags (not paginated). */
	async tags(): Promise<Tag[]> {
		this.tagList ??= this.client
			.request<{ data?: Tag[] }>({ method: 'GET', path: '/tags' })
			.then((r) => (r.data ?? []).map((t) => ({ ...t, id: String(t.id), name: String(t.name ?? '') })));
		return await this.tagList;
	}

	/** A tag by name; Intercom compares tag names without regard to case. */
	async tagNamed(name: string): Promise<Tag | undefined> {
		const key = tagKey(name);
		return (await this.tags()).find((t) => tagKey(t.name) === key);
	}

	async tagWithId(id: string): Promise<Tag | undefined> {
		return (await this.tags()).find((t) => t.id === id);
	}

	/**
	 * Creates a tag by name, once per name per execution. `POST /tags` answers with the existing
	 * tag when one has that name, so a retry or two items racing cannot create two.
	 */
	async createTag(name: string): Promise<Tag> {
		const key = tagKey(name);
		let created = this.createdTags.get(key);
		if (!created) {
			created = this.client
				.request<Tag>({ method: 'POST', path: '/tags', body: { name: name.trim() }, retry: 'idempotent' })
				.then((t) => ({ id: String(t.id), name: String(t.name ?? name.trim()) }));
			created.catch(() => this.createdTags.delete(key));
			this.createdTags.set(key, created);
		}
		return await created;
	}
}
