import type { Case } from './case';

/** Contract cases of the conversations routes (see case.ts). */
export const CASES: Case[] = [];
