/**
 * Local Intercom REST API 2.16 sandbox for tests, benchmarks and demos.
 * `startSandbox()` serves a seeded workspace over real HTTP on 127.0.0.1.
 */
export { startSandbox, DEFAULT_TOKEN, DEFAULT_RATE_LIMIT, DEFAULT_VERSION, type Sandbox } from './server';
export { seedWorkspace } from './seed';
export { SandboxState, type ConversationInit } from './state';
export { ApiError, errorBody, type ErrorBody } from './errors';
export { compileQuery, SEARCH_FIELDS } from './search';
export { ROUTE_KEYS } from './types';
export type {
	Admin,
	App,
	AppliedTag,
	Contact,
	ConversationPart,
	ConversationRecord,
	ConversationState,
	FaultKind,
	FaultSpec,
	LatencyProfile,
	Note,
	Priority,
	RateLimit,
	RequestLogEntry,
	RouteKey,
	SandboxOptions,
	SandboxStats,
	SeedOptions,
	Tag,
	Team,
} from './types';
