"""Pages of 政策兑现: the 一企一档 profile, the 政策计算器, the operator's runs, exports and imports."""
