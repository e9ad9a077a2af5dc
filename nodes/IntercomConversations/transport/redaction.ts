/**
 * Removes the access token from every text that leaves the transport: the token itself, any
 * run of 8 or more consecutive characters of it, its URL-encoded form, and its base64 forms
 * (of `Bearer <token>` and of the bare token, standard and URL-safe, and of the token embedded
 * at any byte offset in a longer base64-encoded text). A gateway in front of Intercom may echo
 * the Authorization header in any of these shapes, whole or cut off.
 *
 * Everything that depends only on the token is computed once per token: a text is then scanned
 * once, with one set lookup per position.
 */

/** Shortest run of secret characters that counts as a leak. */
export const FRAGMENT_LENGTH = 8;
/** Tokens shorter than this are not redacted (they would match ordinary words). */
const MIN_SECRET_LENGTH = 4;
export const REDACTED = '[redacted]';

interface Matcher {
	/** Every `length`-character run of a secret form. */
	grams: Set<string>;
	length: number;
}

const cache = new Map<string, Matcher[]>();
const CACHE_SIZE = 32;

/** The token's text in `text` replaced by `[redacted]` (overlapping and adjacent runs merged). */
export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < MIN_SECRET_LENGTH || !text) return text;
	const covered = coveredRanges(text, matchersFor(secret));
	if (!covered.length) return text;
	let out = '';
	let at = 0;
	for (const [start, end] of covered) {
		out += text.slice(at, start) + REDACTED;
		at = end;
	}
	return out + text.slice(at);
}

/** Redacts, then cuts to `max` characters (never the other way round: a cut-off token would survive). */
export function redactAndTruncate(text: string, secret: string | undefined, max: number): string {
	const clean = redact(text, secret);
	return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Whether the text still holds any form of the token (for checks and tests). */
export function containsSecret(text: string, secret: string | undefined): boolean {
	if (!secret || secret.length < MIN_SECRET_LENGTH || !text) return false;
	return coveredRanges(text, matchersFor(secret)).length > 0;
}

/** A JSON-like value with every string (keys included) redacted; other values kept as they are. */
export function redactValue<T>(value: T, secret: string | undefined, seen = new WeakSet<object>()): T {
	if (typeof value === 'string') return redact(value, secret) as T;
	if (!value || typeof value !== 'object' || !secret) return value;
	if (seen.has(value)) return '[circular]' as T;
	seen.add(value);
	if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, secret, seen)) as T;
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([k, v]) => [redact(k, secret), redactValue(v, secret, seen)]),
	) as T;
}

function coveredRanges(text: string, matchers: Matcher[]): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (const { grams, length } of matchers) {
		for (let i = 0; i + length <= text.length; i++) {
			if (grams.has(text.slice(i, i + length))) ranges.push([i, i + length]);
		}
	}
	if (ranges.length < 2) return ranges;
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: Array<[number, number]> = [ranges[0]];
	for (const [start, end] of ranges.slice(1)) {
		const last = merged[merged.length - 1];
		if (start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	return merged;
}

function matchersFor(secret: string): Matcher[] {
	let matchers = cache.get(secret);
	if (!matchers) {
		matchers = buildMatchers(secret);
		if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
		cache.set(secret, matchers);
	}
	return matchers;
}

function buildMatchers(secret: string): Matcher[] {
	const byLength = new Map<number, Set<string>>();
	for (const form of secretForms(secret)) {
		const length = Math.min(FRAGMENT_LENGTH, form.length);
		if (length < MIN_SECRET_LENGTH) continue;
		const grams = byLength.get(length) ?? new Set<string>();
		for (let i = 0; i + length <= form.length; i++) grams.add(form.slice(i, i + length));
		byLength.set(length, grams);
	}
	return [...byLength].map(([length, grams]) => ({ length, grams }));
}

/** The texts whose every 8-character run is secret. */
export function secretForms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const forms = new Set<string>([secret]);
	for (const encoded of [encodeURIComponent(secret), encodeURIComponent(`Bearer ${secret}`)]) {
		forms.add(encoded);
		forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
		forms.add(encoded.replace(/%20/g, '+'));
	}
	const base64Forms = [
		// The whole header, and the bare token, as a gateway would encode them.
		Buffer.from(`Bearer ${secret}`, 'utf8').toString('base64'),
		bytes.toString('base64'),
		// The token at each byte alignment inside any longer encoded text: only the characters
		// that depend on the token's bytes alone (not on what comes before or after it).
		...[0, 1, 2].map((offset) => tokenOnlyBase64(bytes, offset)),
	];
	for (const encoded of base64Forms) {
		const bare = encoded.replace(/=+$/, '');
		forms.add(bare);
		forms.add(bare.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	forms.delete('');
	return [...forms];
}

/** Base64 of `offset` unknown bytes then the token, cut to the characters set by the token alone. */
function tokenOnlyBase64(bytes: Buffer, offset: number): string {
	const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
	const first = Math.ceil((offset * 8) / 6);
	const end = Math.floor(((offset + bytes.length) * 8) / 6);
	return encoded.slice(first, end);
}
