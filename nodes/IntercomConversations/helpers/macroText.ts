import type { IDataObject } from 'n8n-workflow';

/**
 * A macro's placeholders, as Intercom's API sends them in the macro's HTML `body`:
 * `<attribute key="user.first_name" default="there"/>`. The node fills those it can read:
 *   user.<field> / user.first_name / user.last_name / user.custom_attributes.<name>  (the conversation's first contact)
 *   conversation.id / conversation.<field> / conversation.custom_attributes.<name>
 *   teammate.name / teammate.first_name / teammate.email  (the acting admin)
 * Any other placeholder (company.*, app.*, order.number…) has no source the API gives us: it is refused.
 * A known placeholder without a value takes its default, else nothing (as Intercom's inbox does).
 */

export interface Placeholder {
	key: string;
	fallback?: string;
}

export interface MacroSources {
	contact?: IDataObject;
	conversation?: IDataObject;
	teammate?: { name?: string; email?: string };
}

const ATTRIBUTE = /<attribute\s+key="([^"]*)"(?:\s+default="([^"]*)")?\s*\/?>(?:<\/attribute>)?/g;
const FILLABLE = /^(user\.[\w.]+|conversation\.[\w.]+|teammate\.(name|first_name|email))$/;

export function placeholdersOf(html: string): Placeholder[] {
	return [...html.matchAll(ATTRIBUTE)].map((m) => ({ key: m[1], ...(m[2] !== undefined && { fallback: m[2] }) }));
}

/** The placeholders the node cannot fill, each key once. */
export function unfillable(html: string): string[] {
	return [...new Set(placeholdersOf(html).map((p) => p.key).filter((key) => !FILLABLE.test(key)))];
}

export const needsContact = (html: string): boolean => placeholdersOf(html).some((p) => p.key.startsWith('user.'));

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const firstName = (name: unknown) => (typeof name === 'string' ? name.trim().split(/\s+/)[0] : undefined);
const lastName = (name: unknown) => (typeof name === 'string' && name.trim().includes(' ') ? name.trim().split(/\s+/).slice(1).join(' ') : undefined);

function path(source: IDataObject | undefined, keys: string[]): unknown {
	let value: unknown = source;
	for (const key of keys) value = typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined;
	return value;
}

function valueOf(key: string, sources: MacroSources): unknown {
	const [scope, ...rest] = key.split('.');
	if (scope === 'teammate') {
		const name = sources.teammate?.name;
		return rest[0] === 'first_name' ? firstName(name) : rest[0] === 'name' ? name : sources.teammate?.email;
	}
	const source = scope === 'user' ? sources.contact : sources.conversation;
	if (scope === 'user' && rest.length === 1 && rest[0] === 'first_name') return firstName(source?.name);
	if (scope === 'user' && rest.length === 1 && rest[0] === 'last_name') return lastName(source?.name);
	if (scope === 'user' && rest.length === 1 && rest[0] === 'user_id') return source?.external_id;
	return path(source, rest);
}

/** The macro's HTML with every placeholder replaced (call `unfillable` first: any left is replaced by its default). */
export function fillMacro(html: string, sources: MacroSources): string {
	return html.replace(ATTRIBUTE, (_, key: string, fallback?: string) => {
		const value = valueOf(key, sources);
		const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
		return text.trim() !== '' ? escapeHtml(text) : (fallback ?? '');
	});
}
