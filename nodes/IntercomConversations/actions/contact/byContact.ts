import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { IntercomClient } from '../../transport';
import { contactIdParameter } from '../parameters';
import { contactIdOf } from '../contactLookup';
import { read } from '../inputs';
import type { Operation, PrepareContext, Send } from '../types';

/** What an operation on one contact does once the contact's ID is known. */
export type ContactAct = (client: IntercomClient, contactId: string) => Promise<IDataObject>;

/**
 * An operation on one contact (the `contactId` locator, then `extra` parameters): `readAct` reads
 * and checks the item's other inputs before any request and returns what to do with the contact.
 */
export function contactOperation(
	operation: string,
	extra: INodeProperties[],
	readAct: (ctx: IExecuteFunctions, itemIndex: number, context: PrepareContext) => Promise<ContactAct> | ContactAct,
): Operation {
	return {
		description: updateDisplayOptions({ show: { resource: ['contact'], operation: [operation] } }, [contactIdParameter, ...extra]),
		async prepare(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<Send> {
			const ref = read.contact(this, itemIndex, 'contactId');
			const act = await readAct(this, itemIndex, context);
			const node = this.getNode();
			return async (client) => await act(client, await contactIdOf({ node, itemIndex, client, ref }));
		},
	};
}
