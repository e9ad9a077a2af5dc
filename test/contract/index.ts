import type { Case } from './case';
import { CASES as companies } from './companies.cases';
import { CASES as contacts } from './contacts.cases';
import { CASES as conversations } from './conversations.cases';
import { CASES as tickets } from './tickets.cases';

/** The contract cases of each area, beside the core ones in contract.test.ts. */
export const EXTRA_CASES: Case[] = [...contacts, ...companies, ...conversations, ...tickets];
