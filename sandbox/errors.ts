import { randomUUID } from 'node:crypto';

/** An Intercom-style error; handlers throw it and the server renders it as an `error.list`. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field?: string,
		/** Extra response headers, e.g. `Link` on a 410 `contact_merged`. */
		readonly headers?: Record<string, string>,
	) {
		super(message);
	}
}

export interface ErrorBody {
	type: 'error.list';
	request_id: string;
	errors: Array<{ code: string; message: string; field?: string }>;
}

export function errorBody(code: string, message: string, requestId: string = randomUUID(), field?: string): ErrorBody {
	const error: { code: string; message: string; field?: string } = { code, message };
	if (field !== undefined) error.field = field;
	return { type: 'error.list', request_id: requestId, errors: [error] };
}

export const notFound = (message = 'Resource Not Found'): ApiError => new ApiError(404, 'not_found', message);

export const invalid = (message: string, field?: string): ApiError =>
	new ApiError(400, 'parameter_invalid', message, field);
