import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { createCompanyNote } from '../../api/companies';
import { read } from '../inputs';
import { noteProperties } from '../contact/createNote.operation';
import type { PrepareContext, Send } from '../types';
import { companyIdOf, companyParameter, readCompany } from './companyRef';

const properties: INodeProperties[] = [companyParameter, ...noteProperties('company')];

export const description = updateDisplayOptions({ show: { resource: ['company'], operation: ['addNote'] } }, properties);

/** Adds a note to the company, exactly once; outputs the note. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const ref = readCompany(this, itemIndex);
	const body = read.text(this, itemIndex, 'body', 'Note', { required: true });
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => await createCompanyNote(client, await companyIdOf(client, ref), adminId, body);
}
