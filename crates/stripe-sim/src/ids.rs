//! Random identifiers shaped like Stripe's (`cus_`, `sub_`, `in_`, `evt_`, ... and 24 letters or digits).

use rand::Rng;
use rand::distr::Alphanumeric;

pub(crate) fn new(prefix: &str) -> String {
    let tail: String = rand::rng().sample_iter(&Alphanumeric).take(24).map(char::from).collect();
    format!("{prefix}_{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_the_prefix_and_differ() {
        let a = new("cus");
        assert!(a.starts_with("cus_") && a.len() == 28);
        assert_ne!(a, new("cus"));
    }
}
