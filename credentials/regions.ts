/** Intercom's API hosts by data-hosting region (reference: Intercom OpenAPI 2.16 `servers`). */
export const REGION_BASE_URLS = {
	us: 'https://api.intercom.io',
	eu: 'https://api.eu.intercom.io',
	au: 'https://api.au.intercom.io',
} as const;

export type IntercomRegion = keyof typeof REGION_BASE_URLS | 'custom';

export const API_VERSIONS = ['2.11', '2.12', '2.13', '2.14', '2.15', '2.16', 'Preview'] as const;
export const DEFAULT_API_VERSION = '2.16';

/** The base URL a credential points at: the region's host, or `baseUrl` for `custom`. */
export function resolveBaseUrl(region: string | undefined, baseUrl: string | undefined): string {
	const known = REGION_BASE_URLS[(region ?? 'us') as keyof typeof REGION_BASE_URLS];
	const url = known ?? (baseUrl ?? '').trim();
	if (!/^https?:\/\/[^\s/]+/i.test(url)) {
		throw new Error(
			`The credential's Base URL "${url}" is not an http(s) URL. Choose a region or enter a URL such as https://api.intercom.io.`,
		);
	}
	return url.replace(/\/+$/, '');
}

/** The same choice as an n8n expression, for the credential test request. */
export const BASE_URL_EXPRESSION = `={{ (${JSON.stringify(REGION_BASE_URLS)})[$credentials.region] ?? $credentials.baseUrl.replace(/\\/+$/, '') }}`;
