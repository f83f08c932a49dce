//! Roles, ramp, attrition and staffing formulas.
