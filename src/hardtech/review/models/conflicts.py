"""利益冲突: relations and declarations the conflict-of-interest registry reads (see review.conflicts)."""
