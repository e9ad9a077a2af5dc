import { createTag, listAdmins, listTags, listTeams, resolveTag, type Admin, type Tag, type TagMatch, type Team } from '../api/directory';
import type { IntercomClient } from '../transport';

export type { Admin, Tag, TagMatch, Team } from '../api/directory';

/** Intercom compares tag names without regard to case: one creation per name per execution. */
const tagKey = (name: string): string => name.trim().toLowerCase();

/** The workspace's admins, teams and tags, fetched once per execution (or dropdown load) on first use. */
export class WorkspaceDirectory {
	private adminList?: Promise<Admin[]>;
	private teamList?: Promise<Team[]>;
	private tagList?: Promise<Tag[]>;
	private readonly createdTags = new Map<string, Promise<Tag>>();
	private readonly reads = new Map<string, Promise<unknown>>();

	constructor(private readonly client: IntercomClient) {}

	async admins(): Promise<Admin[]> {
		this.adminList ??= listAdmins(this.client);
		return await this.adminList;
	}

	async teams(): Promise<Team[]> {
		this.teamList ??= listTeams(this.client);
		return await this.teamList;
	}

	async tags(): Promise<Tag[]> {
		this.tagList ??= listTags(this.client);
		return await this.tagList;
	}

	/** A tag by the one rule (api/directory.ts `resolveTag`): an existing ID, else a name. */
	async resolveTag(text: string, options?: { idOnly?: boolean }): Promise<TagMatch> {
		return resolveTag(await this.tags(), text, options);
	}

	/** Any other workspace read (a macro, the ticket types), made once per execution under `key`. */
	async once<T>(key: string, load: (client: IntercomClient) => Promise<T>): Promise<T> {
		let value = this.reads.get(key) as Promise<T> | undefined;
		if (!value) {
			value = load(this.client);
			this.reads.set(key, value);
		}
		return await value;
	}

	/** Creates a tag by name, once per name per execution (two items racing cannot create two). */
	async createTag(name: string): Promise<Tag> {
		const key = tagKey(name);
		let created = this.createdTags.get(key);
		if (!created) {
			created = createTag(this.client, name);
			created.catch(() => this.createdTags.delete(key));
			this.createdTags.set(key, created);
		}
		return await created;
	}
}
