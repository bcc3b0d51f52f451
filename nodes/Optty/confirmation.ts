import { BoundedMap } from '../shared/boundedMap';
import { fieldOf } from '../shared/fields';
import { toText } from '../shared/money';
import type { HttpJson } from '../shared/provider';
import { secretText } from '../shared/secrets';

// "Confirm with Optty API": Optty's own plugin re-reads the order after a callback and trusts the API.
// Here the item says whether the API agrees, and the workflow decides.

const BASE_URLS = {
	production: { auth: 'https://auth.optty.com', api: 'https://api.optty.com' },
	sandbox: { auth: 'https://auth.qa.optty.com', api: 'https://api.qa.optty.com' },
};

/** Each call's limit: the provider waits for our answer while we ask Optty. */
const CALL_TIMEOUT_MS = 4000;
/** A token is reused until this long before Optty says it expires. */
const TOKEN_MARGIN_MS = 60_000;

/** One token per Optty client id and auth URL; bounded like every per-process cache of the package. */
const tokens = new BoundedMap<string, string>(100);

/** Forgets cached access tokens (tests; a changed credential gets a new cache key anyway). */
export function forgetOpttyTokens() {
	tokens.clear();
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export function opttyBaseUrls(credentials: Record<string, unknown>) {
	const defaults = credentials.environment === 'sandbox' ? BASE_URLS.sandbox : BASE_URLS.production;
	const auth = secretText(credentials, 'authUrl');
	const api = secretText(credentials, 'apiUrl');
	return {
		auth: withoutTrailingSlash(auth || defaults.auth),
		api: withoutTrailingSlash(api || defaults.api),
	};
}

const cacheKeyOf = (credentials: Record<string, unknown>) =>
	`${opttyBaseUrls(credentials).auth}|${secretText(credentials, 'clientId')}`;

async function accessToken(credentials: Record<string, unknown>, http: HttpJson): Promise<string> {
	const clientId = secretText(credentials, 'clientId');
	const clientSecret = secretText(credentials, 'clientSecret');
	const { auth } = opttyBaseUrls(credentials);
	const cacheKey = cacheKeyOf(credentials);
	const cached = tokens.get(cacheKey);
	if (cached) return cached;

	const response = await http({
		method: 'POST',
		url: `${auth}/token`,
		form: {
			client_id: clientId,
			client_secret: clientSecret,
			grant_type: 'client_credentials',
			scope: 'api-user',
		},
		timeoutMs: CALL_TIMEOUT_MS,
	});
	const token = toText(fieldOf(response, 'access_token'));
	if (token === null) throw new Error('the token endpoint answered without an access_token');
	const expiresInSeconds = Number(fieldOf(response, 'expires_in'));
	const lifetimeMs =
		Number.isFinite(expiresInSeconds) && expiresInSeconds > 0
			? expiresInSeconds * 1000
			: 5 * 60_000;
	tokens.set(cacheKey, token, { expiresAt: Date.now() + lifetimeMs - TOKEN_MARGIN_MS });
	return token;
}

const normaliseStatus = (status: string) =>
	status.trim().toUpperCase().replace('CANCELLED', 'CANCELED');

/** A failure as the item shows it: what went wrong, never a credential value. */
function describeFailure(error: unknown, credentials: Record<string, unknown>): string {
	let message = error instanceof Error ? error.message : String(error);
	for (const field of ['clientSecret', 'clientId', 'hashSecret']) {
		const value = secretText(credentials, field);
		if (value) message = message.split(value).join('**hidden**');
	}
	return `Optty's API could not confirm the order: ${message.slice(0, 200)}`;
}

/** Looks the order up in Optty's API and says whether its status agrees with the callback's. Never throws. */
export async function confirmWithOptty(input: {
	orderReference: string | null;
	status: string;
	credentials: Record<string, unknown>;
	http: HttpJson;
}): Promise<{
	confirmed: boolean | null;
	confirmedStatus: string | null;
	confirmationError?: string;
}> {
	const { orderReference, status, credentials, http } = input;
	if (orderReference === null) {
		return {
			confirmed: null,
			confirmedStatus: null,
			confirmationError: 'The callback has no orderReference to look up.',
		};
	}
	try {
		const token = await accessToken(credentials, http);
		const order = await http({
			method: 'GET',
			url: `${opttyBaseUrls(credentials).api}/orders/${encodeURIComponent(orderReference)}`,
			headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
			timeoutMs: CALL_TIMEOUT_MS,
		});
		const confirmedStatus = toText(
			fieldOf(order, 'status') ?? fieldOf(fieldOf(order, 'data'), 'status'),
		);
		if (confirmedStatus === null) throw new Error('the order lookup answered without a status');
		return {
			confirmed: normaliseStatus(confirmedStatus) === normaliseStatus(status),
			confirmedStatus,
		};
	} catch (error) {
		tokens.delete(cacheKeyOf(credentials)); // a rejected or stale token is fetched anew next time
		return {
			confirmed: null,
			confirmedStatus: null,
			confirmationError: describeFailure(error, credentials),
		};
	}
}
