/**
 * Intercom treats bodies as HTML and wraps one that does not start with a tag in a paragraph
 * ("Hello" → "<p>Hello</p>"); bodies that already start with markup are kept.
 */
export function wrapBody(body: string): string {
	return /^\s*</.test(body) ? body : `<p>${body}</p>`;
}

/** Rough `display_as=plaintext`: links become `label (url)`, tags are dropped, entities decoded. */
export function toPlainText(html: string): string {
	return html
		.replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, '$2 ($1)')
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<\/p>\s*<p>/gi, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}
