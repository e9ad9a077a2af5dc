import { deleteContact } from '../../api/contacts';
import { contactOperation } from './byContact';

/** Deletes the contact permanently (GDPR erasure); outputs `{ id, deleted: true }` as Intercom. */
export const { description, prepare } = contactOperation('delete', [], () => async (client, id) => await deleteContact(client, id));
