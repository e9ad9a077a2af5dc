import { NodeOperationError, type INode } from 'n8n-workflow';
import { AmbiguousContactError } from '../../api/contacts';
import { contactAs, type ContactAs } from '../../api/messages';
import { IntercomApiError, toNodeError, type IntercomClient } from '../../transport';
import type { ContactRef } from '../inputs';

/** Per execution (client), each contact looked up once, however many items name it. */
const lookups = new WeakMap<IntercomClient, Map<string, Promise<ContactAs | undefined>>>();

function lookUp(client: IntercomClient, ref: ContactRef): Promise<ContactAs | undefined> {
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

/**
 * The contact a new conversation starts with (its ID and role, which Intercom needs), for the
 * item `itemIndex`; a contact that does not exist (or an email several contacts share) fails the
 * item naming the field.
 */
export async function contactOf(node: INode, itemIndex: number, client: IntercomClient, ref: ContactRef, label = 'Contact'): Promise<ContactAs> {
	const refuse = (problem: string, hint: string): never => {
		throw new NodeOperationError(node, `Item ${itemIndex}: ${label} ${problem}`, { itemIndex, description: hint });
	};
	let contact: ContactAs | undefined;
	try {
		contact = await lookUp(client, ref);
	} catch (error) {
		if (error instanceof AmbiguousContactError) return refuse(`is ambiguous: ${error.message}`, 'Give the contact by its Intercom ID.');
		if (error instanceof IntercomApiError && error.status === 404 && ref.by === 'id') {
			return refuse(`${ref.id} is not a contact of this workspace`, "Check the contact's Intercom ID (not the external user_id), or give its email.");
		}
		throw toNodeError(node, error, itemIndex);
	}
	if (contact) return contact;
	const given = ref.by === 'email' ? JSON.stringify(ref.email) : ref.id;
	return refuse(`${given} matches no contact`, 'Create the contact first (Contact → Create or Upsert), or check the email.');
}
