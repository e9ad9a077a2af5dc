import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The Intercom Conversations API credential's fields, as n8n hands them to the node. */
export interface NodeCredentials extends ICredentialDataDecryptedObject {
	accessToken: string;
	region: 'custom';
	baseUrl: string;
	apiVersion: string;
}

export interface CredentialOptions {
	/** Default 2.16. */
	apiVersion?: string;
	/** Share the rate limit across processes through this Redis (the credential's "Shared Rate Limit"). */
	redisUrl?: string;
}

/** The credential for a sandbox (or any Intercom look-alike): its URL with a custom region, and a token. */
export function nodeCredentials(workspace: { url: string; token: string }, options: CredentialOptions = {}): NodeCredentials {
	return {
		accessToken: workspace.token,
		region: 'custom',
		baseUrl: workspace.url,
		apiVersion: options.apiVersion ?? '2.16',
		...(options.redisUrl && { sharedRateLimit: 'redis', redisUrl: options.redisUrl }),
	};
}
