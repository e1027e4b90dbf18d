/**
 * The credential's Test button (the server's credential test, run by the harness) against the
 * simulator: a good token is OK, a bad one fails with the credential's message.
 */
import { UseApiPikaApi } from '../../credentials/UseApiPikaApi.credentials';
import { testCredential } from '../../tools/n8n-core/credentialTester';
import { CREDENTIAL_CHANNEL, CREDENTIAL_DISCORD, useSimulator } from '../nodes/Pika/setup';

const fx = useSimulator();

describe('credential test', () => {
	it('valid API token → OK, after one authenticated GET /v2/account', async () => {
		const result = await testCredential(new UseApiPikaApi(), fx.credentials());

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(fx.sim.requests.map((r) => [r.method, r.path, r.auth, r.status])).toEqual([
			['GET', '/v2/account', 'valid', 200],
		]);
	});

	it('invalid API token → Error with the credential’s Unauthorized message', async () => {
		const result = await testCredential(
			new UseApiPikaApi(),
			fx.credentials({ apiToken: 'user:1-not-the-token' }),
		);

		expect(result).toEqual({
			status: 'Error',
			message: 'Unauthorized: useapi.net rejected the API token',
		});
		expect(fx.sim.requests.length).toBeGreaterThan(0);
		for (const request of fx.sim.requests) {
			expect([request.method, request.path, request.auth, request.status]).toEqual([
				'GET',
				'/v2/account',
				'invalid',
				401,
			]);
		}
	});

	it('an expired Pika subscription does not fail the test: the token itself is good', async () => {
		fx.sim.configure({ subscriptionActive: false });
		const result = await testCredential(new UseApiPikaApi(), fx.credentials());

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('optional Discord fields change nothing and are not sent by the test', async () => {
		const result = await testCredential(
			new UseApiPikaApi(),
			fx.credentials({ discordToken: CREDENTIAL_DISCORD, discordChannel: CREDENTIAL_CHANNEL }),
		);

		expect(result.status).toBe('OK');
		expect(JSON.stringify(fx.sim.requests)).not.toContain(CREDENTIAL_DISCORD);
	});
});

describe('authenticate', () => {
	const TOKEN = 'user:1234-credential-unit-token';
	const { authenticate } = new UseApiPikaApi();

	it('is a function, so n8n evaluates no expression per request', () => {
		expect(typeof authenticate).toBe('function');
	});

	it('adds exactly "Authorization: Bearer <token>", keeps the other headers, changes nothing in place', async () => {
		if (typeof authenticate !== 'function') throw new Error('authenticate is not a function');
		const request = {
			url: '/v1/pika/jobs/',
			method: 'GET' as const,
			headers: { Accept: 'application/json' },
		};
		const before = structuredClone(request);
		const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
			jest.spyOn(console, name).mockImplementation(() => undefined),
		);

		const result = await authenticate({ apiToken: TOKEN, baseUrl: '' }, request);

		expect(result).toEqual({
			...before,
			headers: { Accept: 'application/json', Authorization: `Bearer ${TOKEN}` },
		});
		expect(request).toEqual(before);
		for (const spy of logged) expect(spy).not.toHaveBeenCalled();
		jest.restoreAllMocks();
	});

	it('works on a request without headers', async () => {
		if (typeof authenticate !== 'function') throw new Error('authenticate is not a function');
		const result = await authenticate({ apiToken: TOKEN }, { url: '/v2/account' });
		expect(result.headers).toEqual({ Authorization: `Bearer ${TOKEN}` });
	});
});
