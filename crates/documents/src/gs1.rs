//! GS1 check digits: the last digit of a GLN, GTIN or SSCC is a mod-10 checksum of the others,
//! weighted 3 and 1 alternately from the right.

/// The check digit for `payload` (all digits but the last), or `None` if it holds a non-digit.
pub fn check_digit(payload: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (position, character) in payload.chars().rev().enumerate() {
        let digit = character.to_digit(10)?;
        sum += if position % 2 == 0 { digit * 3 } else { digit };
    }
    u8::try_from((10 - sum % 10) % 10).ok()
}

/// What is wrong with a GS1 number expected to have one of `lengths` digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gs1Fault {
    /// Not all digits, or not one of the lengths.
    Malformed,
    /// The last digit should be this.
    CheckDigit(u8),
}

pub fn verify(number: &str, lengths: &[usize]) -> Result<(), Gs1Fault> {
    if !lengths.contains(&number.len()) || !number.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(Gs1Fault::Malformed);
    }
    let (payload, last) = number.split_at(number.len() - 1);
    let expected = check_digit(payload).ok_or(Gs1Fault::Malformed)?;
    if last.parse::<u8>().ok() == Some(expected) { Ok(()) } else { Err(Gs1Fault::CheckDigit(expected)) }
}

pub const GLN: &[usize] = &[13];
pub const GTIN: &[usize] = &[8, 12, 13, 14];
pub const SSCC: &[usize] = &[18];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_numbers() {
        assert_eq!(verify("4012345000016", GLN), Ok(()));
        assert_eq!(verify("1100001016310", GLN), Ok(()));
        assert_eq!(verify("1100001016312", GLN), Err(Gs1Fault::CheckDigit(0)));
        assert_eq!(verify("96385074", GTIN), Ok(()));
        assert_eq!(verify("106141411234567897", SSCC), Ok(()));
        assert_eq!(verify("abc", GLN), Err(Gs1Fault::Malformed));
        assert_eq!(verify("40123450000160", GLN), Err(Gs1Fault::Malformed));
    }

    proptest! {
        #[test]
        fn a_number_with_its_computed_check_digit_verifies(payload in "[0-9]{12}") {
            let digit = check_digit(&payload).unwrap();
            prop_assert_eq!(verify(&format!("{payload}{digit}"), GLN), Ok(()));
        }

        #[test]
        fn changing_one_digit_breaks_the_check(payload in "[0-9]{17}", position in 0usize..17, bump in 1u32..10) {
            let number = format!("{payload}{}", check_digit(&payload).unwrap());
            let mut digits: Vec<u32> = number.chars().map(|c| c.to_digit(10).unwrap()).collect();
            digits[position] = (digits[position] + bump) % 10;
            let changed: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            prop_assert!(verify(&changed, SSCC).is_err());
        }

        #[test]
        fn verify_never_panics(text in "\\PC{0,30}") {
            let _ = verify(&text, GTIN);
        }
    }
}
