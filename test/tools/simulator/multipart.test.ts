/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
import FormData from 'form-data';

import { getBoundary, MultipartError, parseMultipart } from '../../../tools/simulator/multipart';
import { nastyBinary } from './setup';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('getBoundary', () => {
	it('reads unquoted and quoted boundaries, case-insensitively', () => {
		expect(getBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
		expect(getBoundary('Multipart/Form-Data; charset=utf-8; BOUNDARY="a b;c"')).toBe('a b;c');
	});

	it('rejects other media types and missing or oversized boundaries', () => {
		expect(getBoundary('application/json')).toBeUndefined();
		expect(getBoundary('multipart/form-data')).toBeUndefined();
		expect(getBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeUndefined();
		expect(getBoundary(undefined)).toBeUndefined();
	});
});

describe('parseMultipart', () => {
	it('keeps binary file parts byte-exact, with filename and content type', () => {
		const image = nastyBinary();
		const form = new FormData();
		form.append('prompt', 'héllo wörld');
		form.append('image', image, { filename: 'pika.png', contentType: 'image/png' });
		const body = form.getBuffer();
		const parts = parseMultipart(body, form.getBoundary());
		expect(parts).toHaveLength(2);
		expect(parts[0].name).toBe('prompt');
		expect(parts[0].filename).toBeUndefined();
		expect(parts[0].data.toString('utf8')).toBe('héllo wörld');
		expect(parts[1]).toMatchObject({
			name: 'image',
			filename: 'pika.png',
			contentType: 'image/png',
		});
		expect(parts[1].data.equals(image)).toBe(true);
	});

	it('handles preamble, epilogue, transport padding and an empty file', () => {
		const body = crlf([
			'this is a preamble',
			'--XyZ  ',
			'Content-Disposition: form-data; name="a"',
			'',
			'1',
			'--XyZ',
			'Content-Disposition: form-data; name="empty"; filename=""',
			'Content-Type: application/octet-stream',
			'',
			'',
			'--XyZ--',
			'epilogue --XyZ',
		]);
		const parts = parseMultipart(body, 'XyZ');
		expect(parts.map((p) => [p.name, p.filename, p.data.toString()])).toEqual([
			['a', undefined, '1'],
			['empty', '', ''],
		]);
	});

	it('decodes escaped quotes and RFC 5987 filename*', () => {
		const body = crlf([
			'--b',
			'Content-Disposition: form-data; name="f"; filename="a\\"b.png"',
			'',
			'x',
			'--b',
			`Content-Disposition: form-data; name="g"; filename="fallback.png"; filename*=UTF-8''%C3%A9t%C3%A9.png`,
			'',
			'y',
			'--b--',
		]);
		const [f, g] = parseMultipart(body, 'b');
		expect(f.filename).toBe('a"b.png');
		expect(g.filename).toBe('été.png');
	});

	it('parses what Node’s global FormData + Blob serializes', async () => {
		const bytes = nastyBinary();
		const fd = new globalThis.FormData();
		fd.append('prompt', 'x');
		fd.append('image', new Blob([bytes]));
		const res = new Response(fd);
		const boundary = getBoundary(res.headers.get('content-type') ?? '');
		const parts = parseMultipart(Buffer.from(await res.arrayBuffer()), boundary ?? '');
		expect(parts[1]).toMatchObject({
			name: 'image',
			filename: 'blob',
			contentType: 'application/octet-stream',
		});
		expect(parts[1].data.equals(bytes)).toBe(true);
	});

	it('throws MultipartError on malformed bodies', () => {
		expect(() => parseMultipart(Buffer.from('no boundary here'), 'b')).toThrow(MultipartError);
		expect(() =>
			parseMultipart(
				crlf(['--b', 'Content-Disposition: form-data; name="a"', '', 'unterminated']),
				'b',
			),
		).toThrow('unterminated part body');
		expect(() =>
			parseMultipart(crlf(['--b', 'Content-Type: text/plain', '', 'x', '--b--']), 'b'),
		).toThrow('part without Content-Disposition');
	});
});
