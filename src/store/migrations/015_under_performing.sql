-- Schema version 15: the members holding an under-performing sub-contract (the cached
-- assessment's worst-first group 0), counted for the summary strip from this index alone rather
-- than by a look-up of each such row, whose assessment makes it long. Only those rows are in it.
CREATE INDEX subcontract_scores_under ON subcontract_scores (member, worst_group)
    WHERE worst_group = 0;
