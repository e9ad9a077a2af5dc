import { detachCompany } from '../../api/contacts';
import { companyIdOf, companyParameter, readCompany } from '../company/companyRef';
import { contactOperation } from './byContact';

/** Unlinks the contact from a company; outputs the company as Intercom returns it, with the contact's ID. */
export const { description, prepare } = contactOperation('detachFromCompany', [companyParameter], (ctx, itemIndex) => {
	const company = readCompany(ctx, itemIndex);
	return async (client, contactId) => ({ ...(await detachCompany(client, contactId, await companyIdOf(client, company))), contact_id: contactId });
});
