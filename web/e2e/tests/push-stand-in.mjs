// A push service as the browser vendor would run it, for a machine without one: it accepts what
// reminder-service POSTs to a subscription's endpoint, and decrypts it (RFC 8291, aes128gcm) with the
// subscription's private key, which the test holds, like a browser does. Only this part is a stand-in.
import http from 'node:http';
import crypto from 'node:crypto';

export function subscriptionKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  return { ecdh, auth, json: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
}

const hmac = (key, ...data) => crypto.createHmac('sha256', key).update(Buffer.concat(data)).digest();

/** RFC 8188/8291: salt(16) rs(4) idlen(1) keyid(= the server's ephemeral public key) ciphertext, one record. */
export function decrypt(body, { ecdh, auth }) {
  const salt = body.subarray(0, 16);
  const idlen = body[20];
  const serverPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const browserPublic = ecdh.getPublicKey();
  const shared = ecdh.computeSecret(serverPublic);
  const ikm = hmac(hmac(auth, shared), Buffer.from('WebPush: info\0'), browserPublic, serverPublic, Buffer.from([1]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0'), Buffer.from([1])).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0'), Buffer.from([1])).subarray(0, 12);
  const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('not a last record (padding delimiter 2 missing)');
  return plain.subarray(0, end).toString('utf8');
}

/** Listens on 127.0.0.1 (the local stack allows plain http there); every POST is kept and answered 201. */
export async function startPushService() {
  const received = [];
  const waiting = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const message = { method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks) };
      received.push(message);
      res.writeHead(201, { Location: `${req.url}/m${received.length}` }).end();
      while (waiting.length) waiting.shift()(message);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    received,
    /** The next message to arrive (or one that already did and was not taken yet). */
    next(timeoutMs = 30000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the push service received nothing')), timeoutMs);
        waiting.push((m) => { clearTimeout(timer); resolve(m); });
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
