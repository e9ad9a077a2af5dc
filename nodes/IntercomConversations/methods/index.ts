export * as loadOptions from './loadOptions';
import * as companies from './companies';
import * as pickers from './listSearch';

/** Every list search the node's locators name (one module per area). */
export const listSearch = { ...pickers, ...companies };
