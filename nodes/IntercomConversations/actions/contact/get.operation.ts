import {
	NodeApiError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';
import { getContact } from '../../api/contacts';
import { IntercomApiError, toNodeError } from '../../transport';
import { contactIdParameter } from '../parameters';
import type { Send } from '../types';
import { contactIdOf } from '../contactLookup';
import { read } from '../inputs';

const properties: INodeProperties[] = [contactIdParameter];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const ref = read.contact(this, itemIndex, 'contactId');
	const node = this.getNode();
	return async (client) => {
		const contactId = await contactIdOf({ node, itemIndex, client, ref });
		try {
			return await getContact(client, contactId);
		} catch (error) {
			if (!(error instanceof IntercomApiError) || error.status !== 410) throw toNodeError(node, error, itemIndex);
			// 2.16: a merged contact is 410 contact_merged, with Link: </contacts/{canonical_id}>; rel="canonical".
			const canonical = canonicalContactId(error.link);
			const facts = [`code: ${error.code ?? 'unknown'}`, error.requestId && `request_id: ${error.requestId}`].filter(Boolean).join(' · ');
			throw new NodeApiError(node, error.toJSON() as JsonObject, {
				message: canonical
					? `Item ${itemIndex}: contact ${contactId} was merged into contact ${canonical}`
					: `Item ${itemIndex}: contact ${contactId} was merged into another contact`,
				description: canonical
					? `Intercom keeps the merged contact under ID ${canonical}: use that ID (for example in the source of this item). (${facts})`
					: `Intercom answered 410 Gone without saying which contact it was merged into: look the person up in Intercom. (${facts})`,
				httpCode: '410',
				itemIndex,
			});
		}
	};
}

/** The contact ID in a `Link: </contacts/{id}>; rel="canonical"` header. */
export function canonicalContactId(link: string | undefined): string | undefined {
	if (!link) return undefined;
	for (const part of link.split(',')) {
		const match = /<[^>]*\/contacts\/([^/>?#]+)[^>]*>/.exec(part);
		if (match && (/rel="?canonical"?/i.test(part) || !/rel=/i.test(part))) return decodeURIComponent(match[1]);
	}
	return undefined;
}
