//! Accounts, reps and their CSV contract.
