import { mergeContacts } from '../../api/contacts';
import { read } from '../inputs';
import { contactIdParameter } from '../parameters';
import { contactOperation } from './byContact';
import { contactIdOf } from '../contactLookup';

/** Merges a lead (Contact) into a user (Into User): Intercom keeps the user; outputs it. */
export const { description, prepare } = contactOperation(
	'merge',
	[
		{ ...contactIdParameter, name: 'intoContactId', displayName: 'Into User', description: 'The user the lead is merged into (it keeps its ID)' },
		{
			displayName: 'Merge Even If Not Duplicates',
			name: 'skipDuplicateCheck',
			type: 'boolean',
			default: false,
			description: 'Whether to merge a lead and a user that share no email or phone (Intercom refuses that by default)',
		},
	],
	(ctx, itemIndex) => {
		const into = read.contact(ctx, itemIndex, 'intoContactId', 'Into User');
		const skip = read.boolean(ctx, itemIndex, 'skipDuplicateCheck', 'Merge Even If Not Duplicates', false);
		const node = ctx.getNode();
		return async (client, leadId) => await mergeContacts(client, leadId, await contactIdOf({ node, itemIndex, client, ref: into, label: 'Into User' }), skip);
	},
);
