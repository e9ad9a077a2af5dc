import { setArchived } from '../../api/contacts';
import { contactOperation } from './byContact';

/** Restores an archived contact; outputs `{ id, archived: false }` as Intercom. */
export const { description, prepare } = contactOperation('unarchive', [], () => async (client, id) => await setArchived(client, id, false));
