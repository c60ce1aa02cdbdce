//! JSON in the canonical form of RFC 8785 (JSON Canonicalization Scheme): no whitespace,
//! object members sorted by their names' UTF-16 code units, strings with the minimal
//! escapes, numbers as ECMAScript's `Number.prototype.toString` writes an IEEE-754 double.
//! A statement's exact bytes are hashed into the log, so anyone who re-canonicalises the
//! JSON they read gets the same bytes.
//!
//! Written here rather than taken from a crate: the form is short to state, and the crates
//! seen either kept serde_json's number format (which writes `1e21` as `1e21` where
//! ECMAScript writes `1e+21`, and `1.0` for an integral float) or were unmaintained. It is
//! tested against RFC 8785's own examples (its §3.2.2, §3.2.3 and Appendix B).

use serde_json::Value;

/// The canonical text of a JSON value.
pub fn to_canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            // Integers within ±2^53 are exact doubles and print alike; larger ones are
            // numbers like any other (RFC 8785 §3.2.2.3: I-JSON numbers are doubles).
            let f = n.as_f64().unwrap_or(0.0);
            out.push_str(&number(f));
        }
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (name, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(name, out);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

/// A string with the escapes RFC 8785 §3.2.2.2 keeps: `"` and `\`, the five short control
/// escapes, `\u00xx` (lower-case hex) for the other controls; everything else as it is.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A finite double as ECMAScript writes it (ECMA-262 Number::toString, radix 10): the
/// shortest digits that read back to the same double, in plain notation for exponents from
/// −7 to 20 and in `d.ddde±n` notation otherwise; −0 is `0`. Not-a-number and infinities
/// are not JSON; they are written as `null` and never occur in a statement.
pub fn number(f: f64) -> String {
    if !f.is_finite() {
        return "null".to_owned();
    }
    if f == 0.0 {
        return "0".to_owned();
    }
    // Rust's `{:e}` writes the shortest round-trip digits: "d.ddde±x" or "de±x".
    let sci = format!("{:e}", f.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits = tie_to_even(digits, exponent, f.abs());
    let k = digits.len() as i32;
    // ECMAScript's n: the value is 0.digits × 10^n.
    let n = exponent + 1;
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

/// ECMAScript breaks a tie between two shortest digit strings (the double lying exactly
/// halfway between them) towards the even one; Rust's shortest form rounds such a tie up
/// (e.g. 1424953923781206.25 gives `…206.3` where ECMAScript writes `…206.2`). The exact
/// decimal expansion of a double has at most 767 significant digits, so `{:.1100e}` is exact.
fn tie_to_even(digits: String, exponent: i32, x: f64) -> String {
    let exact = format!("{x:.1100e}");
    let Some((mantissa, exact_exponent)) = exact.split_once('e') else {
        return digits;
    };
    if exact_exponent.parse::<i32>().ok() != Some(exponent) {
        return digits;
    }
    let exact_digits: Vec<u8> = mantissa.bytes().filter(|b| *b != b'.').collect();
    let k = digits.len();
    let rest = &exact_digits[k.min(exact_digits.len())..];
    let tie = rest.first() == Some(&b'5') && rest[1..].iter().all(|b| *b == b'0');
    if !tie {
        return digits;
    }
    // The two candidates: the exact digits cut at k, and that plus one in the last place.
    let down: Vec<u8> = exact_digits[..k].to_vec();
    let mut up = down.clone();
    let mut i = up.len();
    loop {
        if i == 0 {
            return digits; // 99…9 + 1 carries into a new digit: not a candidate of length k
        }
        i -= 1;
        if up[i] == b'9' {
            up[i] = b'0';
        } else {
            up[i] += 1;
            break;
        }
    }
    let reads_back = |candidate: &[u8]| {
        let text = String::from_utf8_lossy(candidate);
        let (first, others) = text.split_at(1);
        format!("{first}.{others}e{exponent}").parse::<f64>().ok() == Some(x)
    };
    for candidate in [down, up] {
        if candidate.last().is_some_and(|d| (d - b'0') % 2 == 0) && reads_back(&candidate) {
            return String::from_utf8_lossy(&candidate)
                .trim_end_matches('0')
                .to_owned();
        }
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text.
    #[test]
    fn numbers_match_rfc8785_appendix_b() {
        let cases: [(u64, &str); 24] = [
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            (0x43143ff3c1cb0959, "1424953923781206.2"),
        ];
        for (bits, want) in cases {
            assert_eq!(number(f64::from_bits(bits)), want, "{bits:#018x}");
        }
    }

    /// RFC 8785 §3.2.2: the example's input values and its canonical output.
    // The RFC's input literal is the point: it has more digits than a double keeps.
    #[allow(clippy::excessive_precision)]
    #[test]
    fn the_rfc8785_example_canonicalises() {
        let input = json!({
            "numbers": [333333333.33333329_f64, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
            "string": "\u{20ac}$\u{000F}\u{000a}A'\u{0042}\u{0022}\u{005c}\\\"/",
            "literals": [null, true, false]
        });
        assert_eq!(
            to_canonical(&input),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units (the emoji, a surrogate pair,
    /// sorts before U+FB33 though its code point is larger).
    #[test]
    fn members_sort_by_utf16_code_units() {
        let input = json!({
            "\u{20ac}": "Euro Sign",
            "\r": "Carriage Return",
            "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\u{1f600}": "Emoji: Grinning Face",
            "\u{0080}": "Control",
            "\u{00f6}": "Latin Small Letter O With Diaeresis"
        });
        let text = to_canonical(&input);
        let names: Vec<&str> = [
            "\"\\r\"",
            "\"1\"",
            "\"\u{80}\"",
            "\"\u{f6}\"",
            "\"\u{20ac}\"",
            "\"\u{1f600}\"",
            "\"\u{fb33}\"",
        ]
        .to_vec();
        let positions: Vec<usize> = names.iter().map(|n| text.find(n).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn integers_and_nesting() {
        assert_eq!(
            to_canonical(&json!({"b": [1, -2, 0.5], "a": {"y": null, "x": "é"}})),
            r#"{"a":{"x":"é","y":null},"b":[1,-2,0.5]}"#
        );
    }
}
