import type { INodeProperties } from 'n8n-workflow';
import * as addTag from './addTag.operation';
import * as archive from './archive.operation';
import * as attachToCompany from './attachToCompany.operation';
import * as create from './create.operation';
import * as createNote from './createNote.operation';
import * as deleteContact from './delete.operation';
import * as detachFromCompany from './detachFromCompany.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as merge from './merge.operation';
import * as removeTag from './removeTag.operation';
import * as unarchive from './unarchive.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { addTag, archive, attachToCompany, create, createNote, deleteContact, detachFromCompany, get, getMany, merge, removeTag, unarchive, update, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{ name: 'Add Tag', value: 'addTag', description: 'Tag a contact', action: 'Add a tag to a contact' },
			{ name: 'Archive', value: 'archive', description: 'Archive a contact (it can be unarchived)', action: 'Archive a contact' },
			{ name: 'Attach to Company', value: 'attachToCompany', description: 'Link a contact to a company', action: 'Attach a contact to a company' },
			{ name: 'Create', value: 'create', description: 'Create a user or a lead', action: 'Create a contact' },
			{ name: 'Create Note', value: 'createNote', description: "Add a note to a contact's profile", action: 'Create a note on a contact' },
			{ name: 'Create or Update', value: 'upsert', description: 'Create a new record, or update the current one if it already exists (upsert)', action: 'Create or update a contact' },
			{ name: 'Delete', value: 'delete', description: 'Delete a contact permanently', action: 'Delete a contact' },
			{ name: 'Detach From Company', value: 'detachFromCompany', description: 'Unlink a contact from a company', action: 'Detach a contact from a company' },
			{ name: 'Get', value: 'get', description: 'Get a contact by ID, email or URL', action: 'Get a contact' },
			{ name: 'Get Many', value: 'getMany', description: 'Search contacts by email, external ID, name, role, attribute or date', action: 'Get many contacts' },
			{ name: 'Merge', value: 'merge', description: 'Merge a lead into a user', action: 'Merge a lead into a user' },
			{ name: 'Remove Tag', value: 'removeTag', description: 'Remove a tag from a contact', action: 'Remove a tag from a contact' },
			{ name: 'Unarchive', value: 'unarchive', description: 'Restore an archived contact', action: 'Unarchive a contact' },
			{ name: 'Update', value: 'update', description: "Change a contact's fields", action: 'Update a contact' },
		],
		default: 'createNote',
	},
	...addTag.description,
	...archive.description,
	...attachToCompany.description,
	...create.description,
	...createNote.description,
	...deleteContact.description,
	...detachFromCompany.description,
	...get.description,
	...getMany.description,
	...merge.description,
	...removeTag.description,
	...unarchive.description,
	...update.description,
	...upsert.description,
];
