#!/usr/bin/env python3
"""An independent verifier of a Pilar transparency log (docs/transparency.md).

Written from the documentation, not from Pilar's code: Python's standard library plus the
`cryptography` module for Ed25519 (Debian: python3-cryptography). It checks

  1. the checkpoint's Ed25519 signature (C2SP signed-note) against the verifier key;
  2. that every entry is canonical JSON (RFC 8785) naming this log;
  3. that the entries hash to the signed root (RFC 6962 Merkle tree);
  4. over HTTP(S): that the server's inclusion proof of every entry verifies (RFC 9162);
  5. that restatements and attestations point at earlier statements, and that every key
     rotation (pilar-key-rotation/1) is signed by the key it hands over from, so the
     checkpoint is checked with the key in force at its size;
  6. given a checkpoint saved earlier: that the log extends it (the old root is the root
     of the first old-size entries, and, over HTTP(S), the consistency proof verifies).

Usage:
  verify_log.py --key KEY (--url https://pilar.example | --dir DIR) [--checkpoint OLD]
               [--ca-cert PEM]

DIR holds `checkpoint` and `entries/0`, `entries/1`, ... as the server serves them.
Prints what it checked; exits 1 on any mismatch.
"""

import argparse
import base64
import hashlib
import json
import math
import os
import sys
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Mismatch(Exception):
    pass


# ---- RFC 6962 / RFC 9162 -------------------------------------------------------------

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k << 1 < n:
        k <<= 1
    return node_hash(root(leaves[:k]), root(leaves[k:]))


def verify_inclusion(index, size, leaf, proof, expected_root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(size1, size2, proof, root1, root2):
    if size1 > size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0:
        return not proof
    path = ([root1] if size1 & (size1 - 1) == 0 else []) + list(proof)
    if not path:
        return False
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


# ---- RFC 8785 ------------------------------------------------------------------------

def es_number(x):
    """A double as ECMAScript's Number.prototype.toString writes it."""
    if isinstance(x, bool):
        raise Mismatch("not a number")
    x = float(x)
    if not math.isfinite(x):
        raise Mismatch("not a finite number")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    # repr gives the shortest digits that read back to the same double.
    mantissa, _, exponent = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    # The value is 0.DIGITS x 10^point.
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + out


def es_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20:
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return es_number(value)
    if isinstance(value, str):
        return es_string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        names = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(es_string(k) + ":" + canonical(value[k]) for k in names) + "}"
    raise Mismatch("not JSON")


# ---- C2SP signed-note / tlog-checkpoint ----------------------------------------------

def parse_key(text):
    name, key_id, key = text.strip().split("+", 2)
    typed = base64.b64decode(key)
    if len(typed) != 33 or typed[0] != 1:
        raise Mismatch("the verifier key is not an Ed25519 key")
    computed = hashlib.sha256(name.encode() + b"\n" + typed).digest()[:4]
    if computed.hex() != key_id.lower():
        raise Mismatch("the verifier key's id does not match its key")
    return name, computed, typed[1:]


def key_text(key):
    name, key_id, public = key
    return "%s+%s+%s" % (name, key_id.hex(), base64.b64encode(b"\x01" + public).decode())


def follow_keys(kept, bodies):
    """The key chain from the kept key: [(position or None, key)], rotations checked."""
    kept_text = key_text(kept)
    start = 0
    for i in range(len(bodies) - 1, -1, -1):
        if bodies[i].get("kind") == "key_rotation" and bodies[i].get("new_key") == kept_text:
            start = i + 1
            break
    chain = [(None, kept)]
    for i in range(start, len(bodies)):
        body = bodies[i]
        if body.get("kind") != "key_rotation":
            continue
        trusted = chain[-1][1]
        old, new, log = body.get("old_key"), body.get("new_key"), body.get("log")
        if body.get("format") != "pilar-key-rotation/1" or old != key_text(trusted):
            raise Mismatch("key rotation %d does not hand over from the log's key" % i)
        message = ("pilar-key-rotation/1\n%s\n%s\n%s\n" % (log, old, new)).encode()
        try:
            Ed25519PublicKey.from_public_bytes(trusted[2]).verify(
                base64.b64decode(body.get("signature", "")), message)
        except (InvalidSignature, ValueError):
            raise Mismatch("key rotation %d is not signed by the log's key" % i)
        new_key = parse_key(new)
        if new_key[0] != trusted[0]:
            raise Mismatch("key rotation %d renames the log" % i)
        chain.append((i, new_key))
    return chain


def keys_for_size(chain, size):
    """The key in force at a tree of `size` entries, and the one a rotation that is its
    last entry replaced."""
    current, previous = chain[0][1], None
    for position, key in chain[1:]:
        if position < size:
            previous = current if position + 1 == size else None
            current = key
    return [current] + ([previous] if previous else [])


def open_with_chain(note, chain, size):
    errors = []
    for key in keys_for_size(chain, size):
        try:
            opened = open_checkpoint(note, key)
        except Mismatch as e:
            errors.append(e)
            continue
        if opened[0] != size:
            raise Mismatch("the checkpoint's size changed between two readings")
        return key, opened
    for _, key in chain:
        try:
            open_checkpoint(note, key)
        except Mismatch:
            continue
        raise Mismatch("the checkpoint is signed by key id %s, which the log had retired by tree size %d"
                       % (key[1].hex(), size))
    raise errors[0]


def unverified_size(note, name):
    body = note.partition("\n\n")[0].split("\n")
    if len(body) < 3 or body[0] != name or not body[1].isdigit():
        raise Mismatch("the checkpoint is not a checkpoint of the log %s" % name)
    return int(body[1])


def open_checkpoint(note, key):
    name, key_id, public = key
    body, sep, signatures = note.partition("\n\n")
    if not sep:
        raise Mismatch("the checkpoint has no signature block")
    body += "\n"
    lines = body.split("\n")
    origin, size, root_b64 = lines[0], lines[1], lines[2]
    if origin != name:
        raise Mismatch('the checkpoint is for the log "%s", not "%s"' % (origin, name))
    if not size.isdigit():
        raise Mismatch("the checkpoint's size is not a number")
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise Mismatch("a signature line does not start with an em dash")
        signer, _, blob = line[2:].rpartition(" ")
        blob = base64.b64decode(blob)
        if signer != name or len(blob) != 68 or blob[:4] != key_id:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(blob[4:], body.encode())
        except InvalidSignature:
            raise Mismatch("the signature by %s does not verify" % name)
        return int(size), base64.b64decode(root_b64)
    raise Mismatch("the checkpoint carries no signature by the key %s" % name)


# ---- reading ---------------------------------------------------------------------------

def fetcher(args):
    if args.dir:
        def get(path):
            file = os.path.join(args.dir, path.replace("/transparency/", "", 1))
            try:
                with open(file, "rb") as f:
                    return f.read()
            except OSError as e:
                raise Mismatch("cannot read %s: %s" % (file, e))
        return get

    context = None
    if args.ca_cert:
        import ssl
        context = ssl.create_default_context(cafile=args.ca_cert)

    def get(path):
        try:
            with urllib.request.urlopen(args.url.rstrip("/") + path, timeout=30, context=context) as r:
                return r.read()
        except OSError as e:
            raise Mismatch("GET %s: %s" % (path, e))
    return get


def verify(args, say):
    key = parse_key(args.key)
    say('Verifier key: log "%s", key id %s.' % (key[0], key[1].hex()))
    get = fetcher(args)
    note = get("/transparency/checkpoint").decode()
    # Read the entries the note claims, follow the key rotations among them from the kept
    # key, then check the signature with the key in force at the checkpoint's size.
    size = unverified_size(note, key[0])
    leaves, bodies = [], []
    for i in range(size):
        raw = get("/transparency/entries/%d" % i)
        try:
            value = json.loads(raw.decode())
        except ValueError:
            raise Mismatch("entry %d is not JSON" % i)
        if canonical(value).encode() != raw:
            raise Mismatch("entry %d is not in the canonical JSON form (RFC 8785)" % i)
        if value.get("log") != key[0]:
            raise Mismatch("entry %d names another log" % i)
        leaves.append(leaf_hash(raw))
        bodies.append(value)
    chain = follow_keys(key, bodies)
    for position, new in chain[1:]:
        say("Key rotation: entry %d hands the log over to key id %s, signed by the key before it."
            % (position, new[1].hex()))
    signer, (size, signed_root) = open_with_chain(note, chain, size)
    say("Checkpoint: signature by key id %s verifies; tree size %d, root %s."
        % (signer[1].hex(), size, base64.b64encode(signed_root).decode()))
    say("Entries: %d read, each canonical JSON of this log." % size)
    if root(leaves) != signed_root:
        raise Mismatch("the entries do not hash to the signed root: an entry was changed, removed or added")
    say("Tree: the %d entries hash to the signed root (RFC 6962)." % size)
    if args.url:
        for i, leaf in enumerate(leaves):
            proof = json.loads(get("/transparency/proof/inclusion?index=%d&size=%d" % (i, size)))
            path = [base64.b64decode(h) for h in proof["proof"]]
            if not verify_inclusion(i, size, leaf, path, signed_root):
                raise Mismatch("the inclusion proof of entry %d does not verify" % i)
        say("Inclusion: the server's proof of each of the %d entries verifies." % size)
    for i, body in enumerate(bodies):
        kind = body.get("kind")
        if kind == "restatement":
            e = (body.get("restates") or {}).get("entry")
            if not (isinstance(e, int) and 0 <= e < i and bodies[e].get("period") == body.get("period")
                    and bodies[e].get("kind") in ("statement", "restatement")):
                raise Mismatch("restatement %d does not restate an earlier statement of its period" % i)
        elif kind == "attestation":
            e = body.get("statement_entry")
            if not (isinstance(e, int) and 0 <= e < i and bodies[e].get("kind") in ("statement", "restatement")
                    and base64.b64encode(leaves[e]).decode() == body.get("statement_leaf_hash")):
                raise Mismatch("attestation %d does not attest an earlier statement of this log" % i)
        elif kind not in ("statement", "key_rotation"):
            raise Mismatch("entry %d is of no known kind" % i)
    say("References: every restatement and attestation points at an earlier statement of this log.")
    if args.checkpoint:
        with open(args.checkpoint) as f:
            saved = f.read()
        _, (old_size, old_root) = open_with_chain(saved, chain, unverified_size(saved, key[0]))
        if old_size > size:
            raise Mismatch("the log shrank from %d to %d entries since the saved checkpoint" % (old_size, size))
        if root(leaves[:old_size]) != old_root:
            raise Mismatch("the first %d entries no longer hash to the saved checkpoint's root: history was rewritten" % old_size)
        if args.url:
            proof = json.loads(get("/transparency/proof/consistency?from=%d&to=%d" % (old_size, size)))
            path = [base64.b64decode(h) for h in proof["proof"]]
            if not verify_consistency(old_size, size, path, old_root, signed_root):
                raise Mismatch("the consistency proof from the saved checkpoint does not verify")
        say("Consistency: the log of %d entries extends the saved checkpoint of %d entries." % (size, old_size))
    say("OK: %d entries verified." % size)


def self_test():
    """RFC 8785 Appendix B numbers and the RFC 6962 vectors (transparency-dev/merkle)."""
    import struct
    numbers = [
        ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"), ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"), ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"), ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"), ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"), ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"), ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"), ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"), ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ]
    for bits, want in numbers:
        x = struct.unpack(">d", bytes.fromhex(bits))[0]
        assert es_number(x) == want, (bits, es_number(x), want)
    leaves = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
              bytes(range(0x50, 0x58)), bytes(range(0x60, 0x70))]
    roots = ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
             "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
             "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
             "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
             "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
             "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
             "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]
    hashes = [leaf_hash(l) for l in leaves]
    for n, want in enumerate(roots):
        assert root(hashes[:n + 1]).hex() == want, n
    h = bytes.fromhex
    assert verify_inclusion(5, 8, hashes[5], [
        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")], h(roots[7]))
    assert verify_consistency(6, 8, [
        h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")], h(roots[5]), h(roots[7]))
    assert verify_consistency(2, 5, [
        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")], h(roots[1]), h(roots[4]))
    assert not verify_consistency(2, 5, [h(roots[0]), h(roots[1])], h(roots[1]), h(roots[4]))
    example = {"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
               "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"/", "literals": [None, True, False]}
    assert canonical(example) == '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}', canonical(example)
    print("self-test: OK")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    parser = argparse.ArgumentParser(description="Verify a Pilar transparency log.")
    parser.add_argument("--key", required=True, help="verifier key name+id+key, or a file holding it")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url")
    source.add_argument("--dir")
    parser.add_argument("--checkpoint", help="a checkpoint saved earlier")
    parser.add_argument("--ca-cert", help="for https: trust the certificates of this PEM file")
    args = parser.parse_args()
    if "+" not in args.key and os.path.exists(args.key):
        with open(args.key) as f:
            args.key = f.read().strip()
    try:
        verify(args, print)
    except (Mismatch, ValueError, KeyError) as e:
        print("MISMATCH: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
