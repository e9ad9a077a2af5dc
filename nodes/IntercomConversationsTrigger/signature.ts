import { createHmac, timingSafeEqual } from 'crypto';

/** Intercom signs every notification: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>`. */
export const SIGNATURE_HEADER = 'x-hub-signature';

const SIGNATURE_FORMAT = /^sha1=([0-9a-f]{40})$/i;

/**
 * Whether `header` is Intercom's signature of exactly these body bytes, keyed with the app's
 * client secret. Compares in constant time; a missing or malformed header is simply invalid.
 */
export function isValidSignature(
	rawBody: Buffer,
	header: string | string[] | undefined,
	clientSecret: string,
): boolean {
	if (typeof header !== 'string') return false;
	const match = SIGNATURE_FORMAT.exec(header.trim());
	if (match === null) return false;

	const received = Buffer.from(match[1], 'hex');
	const expected = createHmac('sha1', clientSecret).update(rawBody).digest();
	return received.length === expected.length && timingSafeEqual(received, expected);
}

/** The header value Intercom would send for this body (used by tests and the sandbox). */
export function signBody(rawBody: Buffer | string, clientSecret: string): string {
	return `sha1=${createHmac('sha1', clientSecret).update(rawBody).digest('hex')}`;
}
