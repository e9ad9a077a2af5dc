import { randomBytes } from 'node:crypto';

/**
 * Finds an access token in text, in every shape a gateway might echo it: the token, any run of
 * 8 of its characters, URL-encoded, base64 (of the header and of the bare token, standard and
 * URL-safe, and of the token inside a longer encoded text at any byte alignment). Written
 * independently of the node's redaction, so that a gap there is not mirrored here.
 */

const base64 = (data: string) => Buffer.from(data, 'utf8').toString('base64');
const urlSafe = (encoded: string) => encoded.replace(/\+/g, '-').replace(/\//g, '_');

/** A token shaped like Intercom's (base64, with `+`, `/` and `=` so that URL-encoding changes it). */
export function intercomLikeToken(): string {
	for (;;) {
		const token = `dG9rOj${randomBytes(42).toString('base64')}`;
		if (/[+/]/.test(token)) return token;
	}
}

function secretTexts(token: string): string[] {
	const encodedStreams = [
		base64(token),
		base64(`Bearer ${token}`),
		// Inside a longer text, at each of the three byte alignments: the first and last
		// 4-character groups mix in neighbouring bytes, so they are left out.
		...['x', 'xy', 'xyz'].map((prefix) => base64(`${prefix}${token}`).slice(4, -4)),
	];
	return [
		token,
		encodeURIComponent(token),
		encodeURIComponent(`Bearer ${token}`),
		...encodedStreams.flatMap((s) => [s.replace(/=+$/, ''), urlSafe(s).replace(/=+$/, '')]),
	];
}

/** The secret 8-character runs found in `text` (empty: no leak). */
export function tokenLeaks(text: string, token: string): string[] {
	const found = new Set<string>();
	for (const secret of secretTexts(token)) {
		for (let i = 0; i + 8 <= secret.length; i++) {
			const run = secret.slice(i, i + 8);
			if (text.includes(run)) found.add(run);
		}
	}
	return [...found];
}

/**
 * Every string reachable from a value through own properties, enumerable or not (an error's
 * message, stack, cause, context, errorResponse, messages...), one per line.
 */
export function everyString(value: unknown, seen = new Set<unknown>(), depth = 0): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (!value || typeof value !== 'object' || seen.has(value) || depth > 8) return '';
	seen.add(value);
	const lines: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		lines.push(key);
		lines.push(everyString((value as Record<string, unknown>)[key], seen, depth + 1));
	}
	return lines.join('\n');
}
