//! Strategies for cost-driven problems (the Generalized Assignment Problem
//! special case: no balance metric, no disruption).
