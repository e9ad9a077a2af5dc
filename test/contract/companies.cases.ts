import type { Case } from './case';

/** Contract cases of the companies routes (see case.ts). */
export const CASES: Case[] = [];
