import type { Case } from './case';

/** Contract cases of the tickets routes (see case.ts). */
export const CASES: Case[] = [];
