// shutdown.test.mjs — graceful shutdown: a request whose body is still arriving when
// SIGTERM comes is finished and answered (and its data kept), new connections are no
// longer accepted, and the process exits 0.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { SLOW, startServer, stopServer } from '../lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens a raw connection and sends the head and the first part of a POST; returns
 * {finish(): Promise<string>} that sends the rest and resolves the whole answer. */
function slowPost(port, path, headers, body, firstBytes) {
    return new Promise((resolve, reject) => {
        const sock = net.connect(port, '127.0.0.1');
        let answer = '';
        const done = new Promise((res) => { sock.on('end', () => res(answer)); sock.on('close', () => res(answer)); });
        sock.on('data', (d) => { answer += d; });
        sock.on('error', reject);
        sock.on('connect', () => {
            const head = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close',
                `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
            const b = Buffer.from(body);
            sock.write(head);
            sock.write(b.subarray(0, firstBytes), () => resolve({
                finish: () => { sock.end(b.subarray(firstBytes)); return done; },
            }));
        });
    });
}

describe('graceful shutdown', () => {
    it('SIGTERM lets an in-flight request finish, then the server exits 0', async () => {
        const srv = await startServer({ member: false });
        try {
            const body = JSON.stringify({ kind: 'company', country: 'KZ', name: { ru: 'ТОО «Во время остановки»' } });
            const req = await slowPost(srv.port, '/api/v1/organisations', {
                'Content-Type': 'application/json', Authorization: `Bearer ${srv.tokens.coordinator}` }, body, 20);
            await sleep(200 * SLOW);
            srv.proc.kill('SIGTERM');
            await sleep(300 * SLOW);
            assert.equal(srv.exited, null, 'still running while a request is in flight');
            const answer = await req.finish();
            assert.match(answer, /^HTTP\/1\.1 201 /, answer.slice(0, 200));
            assert.match(answer, /"id":\s*\d+/);
            const exit = await srv.exitPromise;
            assert.deepEqual(exit, { code: 0, signal: null }, srv.stderr.slice(-2000));
            // The organisation accepted during shutdown was kept.
            await srv.restart();
            const list = await srv.api('coordinator').get('/api/v1/organisations?q=' + encodeURIComponent('Во время остановки'));
            assert.equal(list.json.total, 1);
        } finally {
            await stopServer(srv, assert);
        }
    });

    it('after SIGTERM, idle servers exit promptly and refuse new connections', async () => {
        const srv = await startServer({ member: false });
        const t0 = Date.now();
        srv.proc.kill('SIGTERM');
        await srv.exitPromise;
        assert.ok(Date.now() - t0 < 5000 * SLOW, `exit took ${Date.now() - t0} ms`);
        await assert.rejects(fetch(srv.base + '/healthz'));
        await stopServer(srv, assert);
    });
});
