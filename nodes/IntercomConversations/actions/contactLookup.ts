import { NodeOperationError, type INode } from 'n8n-workflow';
import { AmbiguousContactError, findContactByEmail } from '../api/contacts';
import { contactAs, type ContactAs } from '../api/messages';
import { IntercomApiError, toNodeError, type IntercomClient } from '../transport';
import type { ContactRef } from './inputs';

/**
 * A contact locator (`read.contact`: By ID, By Email, By URL) resolved when its item is sent, for
 * every operation that names a contact. By email, one search finds the contact; none, or an email
 * several contacts share, fails the item naming the item and the field.
 *
 * - `contactIdOf`: the contact's ID (an ID is taken as given). Not cached: a Delete or Merge by
 *   email followed by a later item with the same email must look again.
 * - `contactOf`: the contact's ID and role, which a new conversation needs (an ID is fetched).
 *   Cached per execution (client): each contact is looked up once however many items name it.
 */

export interface ContactAt {
	node: INode;
	itemIndex: number;
	client: IntercomClient;
	ref: ContactRef;
	/** The field's name in errors (default "Contact"). */
	label?: string;
}

export async function contactIdOf(at: ContactAt): Promise<string> {
	if (at.ref.by === 'id') return at.ref.id;
	const { email } = at.ref;
	return (await resolve(at, async () => (await findContactByEmail(at.client, email))?.id)) as string;
}

export async function contactOf(at: ContactAt): Promise<ContactAs> {
	return (await resolve(at, () => cachedContactAs(at.client, at.ref))) as ContactAs;
}

async function resolve<T>(at: ContactAt, lookUp: () => Promise<T | undefined>): Promise<T> {
	const { node, itemIndex, ref, label = 'Contact' } = at;
	const refuse = (problem: string, hint: string): never => {
		throw new NodeOperationError(node, `Item ${itemIndex}: ${label} ${problem}`, { itemIndex, description: hint });
	};
	let found: T | undefined;
	try {
		found = await lookUp();
	} catch (error) {
		if (error instanceof AmbiguousContactError) return refuse(`is ambiguous: ${error.message}`, 'Give the contact by its Intercom ID or URL.');
		if (error instanceof IntercomApiError && error.status === 404 && ref.by === 'id') {
			return refuse(`${ref.id} is not a contact of this workspace`, "Check the contact's Intercom ID (not the external user_id), or give its email.");
		}
		throw toNodeError(node, error, itemIndex);
	}
	if (found !== undefined) return found;
	const given = ref.by === 'email' ? JSON.stringify(ref.email) : ref.id;
	return refuse(`${given} matches no contact`, 'Check the email, or create the contact first (Contact → Create or Update).');
}

const lookups = new WeakMap<IntercomClient, Map<string, Promise<ContactAs | undefined>>>();

function cachedContactAs(client: IntercomClient, ref: ContactRef): Promise<ContactAs | undefined> {
	const cache = lookups.get(client) ?? new Map<string, Promise<ContactAs | undefined>>();
	lookups.set(client, cache);
	const key = ref.by === 'id' ? `id:${ref.id}` : `email:${ref.email.toLowerCase()}`;
	let found = cache.get(key);
	if (!found) {
		found = contactAs(client, ref.by === 'id' ? { id: ref.id } : { email: ref.email });
		cache.set(key, found);
		// A failed lookup is not remembered: the next item asks again.
		found.catch(() => cache.delete(key));
	}
	return found;
}
