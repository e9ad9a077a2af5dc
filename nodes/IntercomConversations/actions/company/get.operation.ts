import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';
import { getCompany } from '../../api/companies';
import type { Send } from '../types';
import { companyOf, companyParameter, readCompany } from './companyRef';

export const description = updateDisplayOptions({ show: { resource: ['company'], operation: ['get'] } }, [companyParameter]);

/** The company by its Intercom ID or by your company ID; outputs it as Intercom returns it. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const ref = readCompany(this, itemIndex);
	return async (client) => await companyOf(client, ref, getCompany);
}
