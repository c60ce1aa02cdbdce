//! The RFC 6962 test vectors, copied from transparency-dev/merkle
//! (https://github.com/transparency-dev/merkle, proof/verify_test.go at commit eb3bd59, and
//! rfc6962/rfc6962_test.go; Apache-2.0), which took them from certificate-transparency-go's
//! merkle tests: eight leaves, the root of every prefix of them, and inclusion and
//! consistency proofs. The Go vectors number leaves from 1; here indices start at 0.

use super::*;

fn h(hex: &str) -> Hash {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    bytes.try_into().unwrap()
}

fn leaves() -> Vec<Vec<u8>> {
    vec![
        vec![],
        vec![0x00],
        vec![0x10],
        vec![0x20, 0x21],
        vec![0x30, 0x31],
        vec![0x40, 0x41, 0x42, 0x43],
        vec![0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        (0x60..=0x6f).collect(),
    ]
}

/// The root of the tree of the first 1, 2, … 8 leaves.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (leaf index, tree size, audit path).
fn inclusion_vectors() -> Vec<(usize, usize, Vec<Hash>)> {
    vec![
        (
            0,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            5,
            8,
            vec![
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (
            2,
            3,
            vec![h(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            )],
        ),
        (
            1,
            5,
            vec![
                h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
        (0, 1, vec![]),
    ]
}

/// (size 1, size 2, consistency proof).
fn consistency_vectors() -> Vec<(usize, usize, Vec<Hash>)> {
    vec![
        (1, 1, vec![]),
        (
            1,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            6,
            8,
            vec![
                h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (
            2,
            5,
            vec![
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
        (
            6,
            7,
            vec![
                h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
    ]
}

fn leaf_hashes() -> Vec<Hash> {
    leaves().iter().map(|l| leaf_hash(l)).collect()
}

#[test]
fn hashes_match_the_rfc6962_hasher_vectors() {
    assert_eq!(
        empty_root(),
        h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    assert_eq!(
        leaf_hash(b""),
        h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    );
    assert_eq!(
        leaf_hash(b"L123456"),
        h("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
    );
    // HashChildren takes the raw bytes "N123" and "N456" as the children.
    let mut n = sha2::Sha256::new();
    n.update([0x01]);
    n.update(b"N123");
    n.update(b"N456");
    let node: Hash = n.finalize().into();
    assert_eq!(
        node,
        h("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb")
    );
}

#[test]
fn roots_of_every_prefix_match_the_vectors() {
    let hashes = leaf_hashes();
    assert_eq!(root(&[]), empty_root());
    for (n, want) in ROOTS.iter().enumerate() {
        assert_eq!(root(&hashes[..=n]), h(want), "root of {} leaves", n + 1);
    }
}

#[test]
fn inclusion_proofs_match_and_verify() {
    let hashes = leaf_hashes();
    for (index, size, want) in inclusion_vectors() {
        let proof = inclusion_proof(index, &hashes[..size]).unwrap();
        assert_eq!(proof, want, "path of leaf {index} in {size}");
        let root = h(ROOTS[size - 1]);
        verify_inclusion(index as u64, size as u64, &hashes[index], &proof, &root).unwrap();
        // Any change is caught: another leaf, another index, a flipped bit, a short path.
        assert!(
            verify_inclusion(index as u64, size as u64, &leaf_hash(b"x"), &proof, &root).is_err()
        );
        if size > 1 {
            let other = (index + 1) % size;
            assert!(
                verify_inclusion(other as u64, size as u64, &hashes[index], &proof, &root).is_err()
            );
            let mut bad = proof.clone();
            bad[0][0] ^= 1;
            assert!(
                verify_inclusion(index as u64, size as u64, &hashes[index], &bad, &root).is_err()
            );
            assert!(
                verify_inclusion(
                    index as u64,
                    size as u64,
                    &hashes[index],
                    &proof[1..],
                    &root
                )
                .is_err()
            );
        }
    }
}

#[test]
fn every_computed_inclusion_proof_verifies() {
    let hashes = leaf_hashes();
    for size in 1..=hashes.len() {
        let root = root(&hashes[..size]);
        for index in 0..size {
            let proof = inclusion_proof(index, &hashes[..size]).unwrap();
            verify_inclusion(index as u64, size as u64, &hashes[index], &proof, &root).unwrap();
        }
    }
    assert!(inclusion_proof(3, &hashes[..3]).is_err());
}

#[test]
fn consistency_proofs_match_and_verify() {
    let hashes = leaf_hashes();
    for (size1, size2, want) in consistency_vectors() {
        let proof = consistency_proof(size1, &hashes[..size2]).unwrap();
        assert_eq!(proof, want, "consistency {size1} → {size2}");
        let (root1, root2) = (h(ROOTS[size1 - 1]), h(ROOTS[size2 - 1]));
        verify_consistency(size1 as u64, size2 as u64, &proof, &root1, &root2).unwrap();
        if size1 != size2 {
            assert!(
                verify_consistency(size1 as u64, size2 as u64, &proof, &root2, &root1).is_err()
            );
            let mut bad = proof.clone();
            bad[0][5] ^= 0x80;
            assert!(verify_consistency(size1 as u64, size2 as u64, &bad, &root1, &root2).is_err());
        }
    }
}

#[test]
fn every_computed_consistency_proof_verifies() {
    let hashes = leaf_hashes();
    for size2 in 1..=hashes.len() {
        let root2 = root(&hashes[..size2]);
        for size1 in 0..=size2 {
            let root1 = root(&hashes[..size1]);
            let proof = consistency_proof(size1, &hashes[..size2]).unwrap();
            verify_consistency(size1 as u64, size2 as u64, &proof, &root1, &root2).unwrap();
        }
    }
}
