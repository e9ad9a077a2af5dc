/**
 * A gateway in front of Intercom that echoes the request's Authorization header into its error
 * answers (a debugging proxy, a misconfigured API gateway): the header is copied, as is, cut
 * into the middle of an HTML page, base64-encoded and URL-encoded, into every place a client
 * reads from an error: Intercom's messages, `code` and `request_id`, the `X-Request-Id` and
 * `Link` headers. Used to prove that the node never passes the token on.
 */

export interface ReflectOptions {
	/** 5xx answers as an HTML error page (as a gateway sends them) instead of Intercom's JSON. */
	html5xx?: boolean;
	/** The gateway answers every authorized request with this status itself, e.g. 422. */
	answerWith?: number;
}

export interface ErrorAnswer {
	status: number;
	code: string;
	message: string;
	field?: string;
	requestId: string;
}

export interface ReflectedAnswer {
	headers: Record<string, string>;
	contentType: string;
	payload: string;
}

/** Where the HTML page puts the header: past this character (clients cut bodies at 150 to 200). */
export const HTML_ECHO_OFFSET = 170;

const CODES: Record<number, [string, string]> = {
	400: ['parameter_invalid', 'Bad Request'],
	401: ['unauthorized', 'Access Token Invalid'],
	404: ['not_found', 'Resource Not Found'],
	409: ['conflict', 'Conflict'],
	422: ['unprocessable_entity', 'Unprocessable Entity'],
	429: ['rate_limit_exceeded', 'Too Many Requests'],
	500: ['server_error', 'Server Error'],
	502: ['server_error', 'Bad Gateway'],
	503: ['service_unavailable', 'Service Unavailable'],
};

/** The error a gateway answering on its own (`answerWith`) sends. */
export function gatewayAnswer(status: number, requestId: string): ErrorAnswer {
	const [code, message] = CODES[status] ?? ['gateway_error', `Gateway answered ${status}`];
	return { status, code, message, requestId };
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The error answer with the Authorization header echoed everywhere. `existingLink`: a `Link`
 * header the answer already has (a 410's canonical contact), kept first.
 */
export function reflectError(
	options: ReflectOptions,
	authorization: string | undefined,
	answer: ErrorAnswer,
	existingLink?: string,
): ReflectedAnswer {
	const header = authorization ?? '';
	const token = header.replace(/^Bearer\s+/i, '');
	const debugLink = `<https://gateway.example/debug?authorization=${encodeURIComponent(header)}&token=${encodeURIComponent(token)}>; rel="debug"`;
	const headers: Record<string, string> = {
		'X-Request-Id': `${answer.requestId}.${token}`,
		Link: existingLink ? `${existingLink}, ${debugLink}` : debugLink,
		'X-Gateway-Echo': base64(header),
	};
	if (options.html5xx && answer.status >= 500) {
		return { headers, contentType: 'text/html; charset=utf-8', payload: htmlPage(answer, header) };
	}
	const trace = base64(JSON.stringify({ authorization: header, id: answer.requestId }));
	const body = {
		type: 'error.list',
		request_id: `${answer.requestId}:${token}`,
		errors: [
			{
				code: `${answer.code}.${token}`,
				message: `${answer.message} (gateway saw Authorization: ${header})`,
				...(answer.field !== undefined ? { field: answer.field } : {}),
			},
			{ code: `echo_${base64Url(token)}`, message: `trace=${trace} auth=${base64(header)} raw=${base64(token)}` },
			{ code: 'echo_url', message: `see https://gateway.example/why?h=${encodeURIComponent(header)}` },
		],
	};
	return { headers, contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
}

/** An nginx-like error page with the header starting past `HTML_ECHO_OFFSET`. */
function htmlPage(answer: ErrorAnswer, header: string): string {
	const head = `<html><head><title>${answer.status} ${answer.message}</title></head><body><center><h1>${answer.status} ${answer.message}</h1></center><hr><p>`;
	const padding = '.'.repeat(Math.max(0, HTML_ECHO_OFFSET - head.length - 'Authorization: Bearer '.length));
	return `${head}${padding}Authorization: ${header}</p><p>upstream request ${answer.requestId}</p></body></html>`;
}
