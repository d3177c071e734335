// Independent check of an EId credential's signature: decode the COSE_Sign1 with cborg, rebuild the
// Sig_structure ["Signature1", protected, h'', payload] ourselves, and verify it with Node's Ed25519.
// Usage: node verify-cose.mjs <cose-hex> <raw-ed25519-public-key-hex>
// Prints a JSON line {"valid": bool, "alg": n, "kid": "hex", "iss": "..."} and exits 0 when valid, 1 when not, 2 on bad input.
import { createPublicKey, verify } from 'node:crypto';
import { decode, encode } from 'cborg';

const [coseHex, publicKeyHex] = process.argv.slice(2);
if (!coseHex || !publicKeyHex) {
  console.error('usage: node verify-cose.mjs <cose-hex> <public-key-hex>');
  process.exit(2);
}

// Tag 61 (CWT) and 18 (COSE_Sign1) are unwrapped; any other tag is an error.
const tags = [];
tags[18] = (inner) => inner;
tags[61] = (inner) => inner;
const options = { useMaps: true, tags };

let message;
try {
  message = decode(Buffer.from(coseHex, 'hex'), options);
} catch (error) {
  console.error(`not CBOR: ${error.message}`);
  process.exit(2);
}
if (!Array.isArray(message) || message.length !== 4) {
  console.error('not a COSE_Sign1 array');
  process.exit(2);
}

const [protectedBytes, , payload, signature] = message;
const header = decode(protectedBytes, options);
const alg = header.get(1);
const kid = header.get(4);
const toBeSigned = encode(['Signature1', protectedBytes, new Uint8Array(0), payload]);

const x = Buffer.from(publicKeyHex, 'hex').toString('base64url');
const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
const valid = (alg === -8 || alg === -19) && verify(null, toBeSigned, key, signature);

let claims = new Map();
try {
  claims = decode(payload, options);
} catch {
  // A payload that is not CBOR still gets its signature verdict.
}

console.log(JSON.stringify({
  valid,
  alg,
  kid: kid ? Buffer.from(kid).toString('hex') : null,
  iss: claims.get?.(1) ?? null,
  hasClaim169: claims.has?.(169) ?? false,
}));
process.exit(valid ? 0 : 1);
