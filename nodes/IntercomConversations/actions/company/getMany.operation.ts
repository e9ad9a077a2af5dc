import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { companyPages } from '../../api/companies';
import { read } from '../inputs';
import { returnAllParameters } from '../parameters';
import type { Send } from '../types';

const properties: INodeProperties[] = [
	...returnAllParameters,
];

export const description = updateDisplayOptions({ show: { resource: ['company'], operation: ['getMany'] } }, properties);

/** Companies, most recently updated first, page by page (Intercom lists only companies that have contacts). */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const limit = read.limit(this, itemIndex, 'companies');
	return async (client) => {
		const companies: IDataObject[] = [];
		for await (const page of companyPages(client, limit)) companies.push(...page);
		return companies;
	};
}
