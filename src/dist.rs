//! Distribution specs for uncertain scenario inputs.
