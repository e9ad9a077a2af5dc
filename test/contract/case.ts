/** One contract case: a request to a sandbox route, checked against Intercom's OpenAPI 2.16. */
import type { RouteKey, SandboxState } from '../../sandbox';

export interface Fixtures {
	open: string;
	closed: string;
	tagged: string;
	contact: string;
	admin: string;
	team: string;
	tag: string;
	otherTag: string;
	/** The sandbox's state, for cases that need their own fixtures (create them lazily in `path`/`body`). */
	state: SandboxState;
}

export interface Case {
	name: string;
	route: RouteKey;
	path: (f: Fixtures) => string;
	body?: (f: Fixtures) => unknown;
	status: number;
	/** The request body is meant to satisfy the spec (false for deliberate bad requests). */
	validRequest?: boolean;
	version?: string;
	token?: string | null;
}
