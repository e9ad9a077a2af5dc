import type { NotificationSummary, PartAuthor } from './notification';
import { isSelectedTopic } from './topics';

/** Who acted, in the words of the Only When Actor Is parameter. */
export type ActorKind = 'teammate' | 'bot' | 'customer';

export const ACTOR_KINDS: readonly ActorKind[] = ['teammate', 'bot', 'customer'];

export interface TriggerFilters {
	topics: readonly string[];
	/** Empty: any actor. */
	actors: readonly ActorKind[];
	/** Empty: any team assignee. */
	teamAssigneeIds: readonly string[];
	/** Empty: any admin assignee. */
	adminAssigneeIds: readonly string[];
}

/**
 * Intercom author types: `admin` (a teammate) or `team`; `bot` (Fin, Operator, workflows and other
 * automation); `user`, `lead` or `contact` (the customer). A part sent by the AI agent counts as a bot
 * whatever its type.
 */
export function actorKindOf(author: PartAuthor | null): ActorKind | undefined {
	if (author === null) return undefined;
	if (author.from_ai_agent === true) return 'bot';
	switch (author.type) {
		case 'admin':
		case 'team':
			return 'teammate';
		case 'bot':
			return 'bot';
		case 'user':
		case 'lead':
		case 'contact':
			return 'customer';
		default:
			return undefined;
	}
}

/**
 * Reads a list (of IDs or topics) as the user may give it: "12, 34 56", a number, or (from an expression)
 * an array of any of these.
 */
export function parseList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((entry: unknown) => parseList(entry));
	if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
	if (typeof value !== 'string') return [];
	return value
		.split(/[\s,;]+/)
		.map((id) => id.trim())
		.filter((id) => id !== '');
}

/** Reads the Only When Actor Is values, dropping anything unknown. */
export function parseActorKinds(value: unknown): ActorKind[] {
	const values = Array.isArray(value) ? value : [value];
	return ACTOR_KINDS.filter((kind) => values.includes(kind));
}

function matchesIds(id: string | null, allowed: readonly string[]): boolean {
	return allowed.length === 0 || (id !== null && allowed.includes(id));
}

/** Every filter that is set must match: topic, actor, team assignee, admin assignee. */
export function passesFilters(summary: NotificationSummary, filters: TriggerFilters): boolean {
	if (!isSelectedTopic(summary.topic, filters.topics)) return false;
	if (filters.actors.length > 0) {
		const kind = actorKindOf(summary.author);
		if (kind === undefined || !filters.actors.includes(kind)) return false;
	}
	return (
		matchesIds(summary.teamAssigneeId, filters.teamAssigneeIds) &&
		matchesIds(summary.adminAssigneeId, filters.adminAssigneeIds)
	);
}
