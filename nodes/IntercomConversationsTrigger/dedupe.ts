import type { IDataObject } from 'n8n-workflow';

/** How many notification ids the trigger remembers (per trigger node). */
export const REMEMBERED_IDS = 1000;

/** Key in the node's workflow static data. */
const STORE_KEY = 'recentNotificationIds';

/** The ids remembered so far, oldest first. */
export function recentIds(staticData: IDataObject): string[] {
	const stored = staticData[STORE_KEY];
	return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
}

export function alreadySeen(staticData: IDataObject, id: string): boolean {
	return recentIds(staticData).includes(id);
}

/** The list after remembering `id`: a new array, the oldest ids dropped beyond `limit`. */
export function withId(ids: readonly string[], id: string, limit = REMEMBERED_IDS): string[] {
	const next = ids.filter((known) => known !== id);
	next.push(id);
	return next.length > limit ? next.slice(next.length - limit) : next;
}

/**
 * Remembers `id`. Assigns a new array rather than changing the stored one: n8n saves a workflow's
 * static data only when its ObservableObject saw a property being set, and an assignment always is.
 */
export function remember(staticData: IDataObject, id: string, limit = REMEMBERED_IDS): void {
	staticData[STORE_KEY] = withId(recentIds(staticData), id, limit);
}
