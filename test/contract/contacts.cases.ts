import type { Case } from './case';

/** Contract cases of the contacts routes (see case.ts). */
export const CASES: Case[] = [];
