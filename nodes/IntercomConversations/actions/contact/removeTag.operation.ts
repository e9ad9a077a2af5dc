import { untagContact } from '../../api/contacts';
import { read } from '../inputs';
import { tagParameter } from '../parameters';
import { contactOperation } from './byContact';

/** Removes a tag of this workspace from the contact; outputs the tag with the contact's ID. */
export const { description, prepare } = contactOperation('removeTag', [tagParameter], async (ctx, itemIndex, { directory }) => {
	const tag = await read.existingTag(ctx, itemIndex, 'Tag', directory, read.tag(ctx, itemIndex));
	return async (client, contactId) => ({ ...(await untagContact(client, contactId, tag.id)), contact_id: contactId });
});
