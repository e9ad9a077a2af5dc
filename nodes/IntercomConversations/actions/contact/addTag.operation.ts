import { tagContact } from '../../api/contacts';
import { read } from '../inputs';
import { createTagIfMissingParameter, tagParameter } from '../parameters';
import { contactOperation } from './byContact';

/** Tags the contact (the one tag rule: an existing tag by name or ID, or a new one when allowed); outputs the tag with the contact's ID. */
export const { description, prepare } = contactOperation(
	'addTag',
	[
		tagParameter,
		createTagIfMissingParameter,
	],
	async (ctx, itemIndex, { directory }) => {
		const createIfMissing = read.boolean(ctx, itemIndex, 'createTagIfMissing', 'Create Tag If Missing', false);
		const ref = read.tag(ctx, itemIndex);
		const tag = createIfMissing
			? await read.tagOrNewName(ctx, itemIndex, directory, ref)
			: await read.existingTag(ctx, itemIndex, 'Tag', directory, ref);
		return async (client, contactId) => {
			const tagId = 'create' in tag ? (await directory.createTag(tag.create)).id : tag.id;
			return { ...(await tagContact(client, contactId, tagId)), contact_id: contactId };
		};
	},
);
