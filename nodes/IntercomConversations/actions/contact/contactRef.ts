import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { AmbiguousContactError, findContactByEmail } from '../../api/contacts';
import { toNodeError, type IntercomClient } from '../../transport';
import { read, type ContactRef } from '../inputs';

/**
 * The contact locator of the contact operations (`contactId`: By ID, By Email, By URL; a plain
 * string ID from older workflows still reads as an ID). By email, the contact is looked up with
 * one search when the item is sent; none or several is refused naming the item and the field.
 */

export function readContact(ctx: IExecuteFunctions, itemIndex: number, name = 'contactId', label = 'Contact'): ContactRef {
	return read.contact(ctx, itemIndex, name, label);
}

/** The contact's Intercom ID: as given, or the one contact with the email. */
export async function contactIdOf(node: INode, itemIndex: number, client: IntercomClient, ref: ContactRef, label = 'Contact'): Promise<string> {
	if (ref.by === 'id') return ref.id;
	const refuse = (problem: string, hint: string): never => {
		throw new NodeOperationError(node, `Item ${itemIndex}: ${label} ${problem}`, { itemIndex, description: hint });
	};
	try {
		const found = await findContactByEmail(client, ref.email);
		if (found) return found.id;
	} catch (error) {
		if (error instanceof AmbiguousContactError) return refuse(`is ambiguous: ${error.message}`, 'Give the contact by its Intercom ID or URL.');
		throw toNodeError(node, error, itemIndex);
	}
	return refuse(`${JSON.stringify(ref.email)} matches no contact`, 'Check the email, or create the contact first (Contact → Create or Upsert).');
}
