/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * What holds the virtual clock still (tools/clock/ioActivity.ts): an HTTP exchange counts on
 * both ends, from the client's request until the server's response closes; so does other I/O
 * under way (a file read), but not the handles that stay open while nothing happens.
 */
import { readFile } from 'node:fs/promises';
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as realDelay } from 'node:timers/promises';

import { watchIoActivity } from '../../../tools/clock/ioActivity';

describe('I/O activity', () => {
	it('an HTTP exchange counts from the request until the response closes', async () => {
		const held: ServerResponse[] = [];
		const server = createServer((_req, res) => held.push(res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const activity = watchIoActivity(() => undefined);
		try {
			const { port } = server.address() as AddressInfo;
			const answered = new Promise<void>((resolve) =>
				request({ port, host: '127.0.0.1' }, (res) => res.resume().on('end', resolve)).end(),
			);
			while (held.length === 0) await realDelay(1);
			// The client's request and the server's response: both ends are seen.
			expect(activity.inFlight).toBe(2);
			expect(activity.busy()).toBe(true);
			held[0].end('done');
			await answered;
			while (activity.inFlight > 0) await realDelay(1);
			expect(activity.inFlight).toBe(0);
		} finally {
			activity.stop();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

describe('other I/O', () => {
	it('a file read under way counts; open idle sockets and timers do not', async () => {
		const activity = watchIoActivity(() => undefined);
		try {
			expect(activity.busy()).toBe(false);
			const reading = readFile(__filename);
			expect(activity.busy()).toBe(true);
			await reading;
			while (activity.busy()) await realDelay(1);
			expect(activity.inFlight).toBe(0);
		} finally {
			activity.stop();
		}
	});
});
