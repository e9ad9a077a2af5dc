/**
 * Conversation references as users paste them: a bare numeric ID, or an Intercom inbox URL
 * (reference/intercom-api.md §10). Hosts: app.intercom.com, app.eu.intercom.com,
 * app.au.intercom.com and the legacy app.intercom.io; the ID is the digits after the last
 * `/conversation/` or `/conversations/`, ignoring any query or `#part_id=` fragment.
 */

const INBOX_HOST = /^app(?:\.(?:eu|au))?\.intercom\.(?:com|io)$/i;
const CONVERSATION_SEGMENT = /\/conversations?\/(\d+)\/?$/;
const DIGITS = /^\d+$/;

/** The regex n8n's resource locator shows as validation for the URL mode (same rule as below). */
export const INBOX_URL_PATTERN =
	'^\\s*https?://app(\\.(eu|au))?\\.intercom\\.(com|io)/.*/conversations?/[0-9]+/?([?#].*)?\\s*$';

/** A conversation ID made of digits only (surrounding spaces allowed), or undefined. */
export function conversationIdFrom(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return DIGITS.test(trimmed) ? trimmed : undefined;
}

/** The conversation ID in an Intercom inbox URL, or undefined when it is not one. */
export function conversationIdFromUrl(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return undefined;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
	if (url.username || url.password || url.port || !INBOX_HOST.test(url.hostname)) return undefined;
	if (!/^\/a\/(?:inbox|apps)\//.test(url.pathname)) return undefined;
	return CONVERSATION_SEGMENT.exec(url.pathname)?.[1];
}

/** The inbox URL of a conversation, for list-search results. */
export function inboxUrl(appId: string, conversationId: string, region?: string): string {
	const host =
		region === 'eu' ? 'app.eu.intercom.com' : region === 'au' ? 'app.au.intercom.com' : 'app.intercom.com';
	return `https://${host}/a/inbox/${appId}/inbox/conversation/${conversationId}`;
}
