import { setArchived } from '../../api/contacts';
import { contactOperation } from './byContact';

/** Archives the contact (Intercom keeps it, hidden); outputs `{ id, archived: true }` as Intercom. */
export const { description, prepare } = contactOperation('archive', [], () => async (client, id) => await setArchived(client, id, true));
