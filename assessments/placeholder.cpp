// Replaced by the quiz model, parser and grader.
