/**
 * Parts (and contact notes) already attributed to a request, process-wide: one returned by a
 * successful write, or found by a read-back. A claimed part never satisfies another request's
 * read-back, so two items writing the same text to the same conversation write two parts.
 *
 * Memory is bounded: the most recently used MAX_SCOPES conversations or contacts, each with its
 * MAX_CLAIMS_PER_SCOPE latest claims. A read-back only considers parts created since its request
 * started, so only recent claims matter.
 */

const MAX_SCOPES = 10_000;
const MAX_CLAIMS_PER_SCOPE = 500;

/** Scope (workspace + conversation or contact) → claimed ids, least recently used first. */
const claimed = new Map<string, Set<string>>();

export function isClaimed(scope: string, id: string): boolean {
	return claimed.get(scope)?.has(id) ?? false;
}

export function claim(scope: string, id: string): void {
	const ids = claimed.get(scope) ?? new Set<string>();
	claimed.delete(scope);
	claimed.set(scope, ids);
	ids.add(id);
	if (ids.size > MAX_CLAIMS_PER_SCOPE) ids.delete(ids.values().next().value as string);
	if (claimed.size > MAX_SCOPES) claimed.delete(claimed.keys().next().value as string);
}

/** How many scopes are held (for the bound's test). */
export function claimedScopes(): number {
	return claimed.size;
}
