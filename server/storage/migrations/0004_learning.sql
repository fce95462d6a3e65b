-- Learning (issue 5): being written.
SELECT 1;
