export {
	CREDENTIAL_TYPE,
	DEFAULT_BASE_URL,
	SHARED_CREDENTIAL_MS,
	cancelSignalOf,
	pikaCredentials,
	useSharedCredentials,
} from './context';
export type { PikaApiContext } from './context';
export { apiErrorFrom, networkErrorCode, transportError } from './errors';
export type { ApiResponse } from './errors';
export { pikaApiRequest } from './request';
export type { PikaRequest } from './request';
export { DEFAULT_QUEUE_RETRY_INTERVAL_MS } from './retryPolicy';
export type { RetryPolicy } from './retryPolicy';
