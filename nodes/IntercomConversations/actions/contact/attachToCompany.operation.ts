import { attachCompany } from '../../api/contacts';
import { companyIdOf, companyParameter, readCompany } from '../company/companyRef';
import { contactOperation } from './byContact';

/** Links the contact to a company; outputs the company as Intercom returns it, with the contact's ID. */
export const { description, prepare } = contactOperation('attachToCompany', [companyParameter], (ctx, itemIndex) => {
	const company = readCompany(ctx, itemIndex);
	return async (client, contactId) => ({ ...(await attachCompany(client, contactId, await companyIdOf(client, company))), contact_id: contactId });
});
