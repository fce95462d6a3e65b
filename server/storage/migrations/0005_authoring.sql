-- Web authoring (issue 5): filled in by the authoring work.
SELECT 1;
